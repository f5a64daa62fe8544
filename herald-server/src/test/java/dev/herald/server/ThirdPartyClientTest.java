package dev.herald.server;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import dev.herald.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A widely used third-party SSE client (LaunchDarkly's okhttp-eventsource) understands the stream. */
class ThirdPartyClientTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void receivesNamedEventsWithIdsAndTracksTheLastId() {
        List<MessageEvent> got = new CopyOnWriteArrayList<>();
        BackgroundEventHandler handler = new BackgroundEventHandler() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onClosed() {
            }

            @Override
            public void onMessage(String event, MessageEvent messageEvent) {
                got.add(messageEvent);
            }

            @Override
            public void onComment(String comment) {
            }

            @Override
            public void onError(Throwable t) {
            }
        };
        URI uri = hub.uri("/v1/stream?token=" + hub.token("ld-user"));
        try (BackgroundEventSource es = new BackgroundEventSource.Builder(handler,
                new EventSource.Builder(ConnectStrategy.http(uri).readTimeout(30, TimeUnit.SECONDS))).build()) {
            es.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.stream().anyMatch(e -> e.getEventName().equals("connected")));
            String n = TestHub.json(hub.notify("ld-user", "hello ld")).get("id").asText();
            String e = TestHub.json(hub.post("/v1/events", "{\"userId\":\"ld-user\",\"event\":\"game.over\",\"data\":{\"score\":3}}"))
                    .get("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 3);
            MessageEvent notification = got.get(1);
            assertThat(notification.getEventName()).isEqualTo("notification");
            assertThat(notification.getLastEventId()).isEqualTo(n);
            assertThat(notification.getData()).contains("\"title\":\"hello ld\"");
            MessageEvent custom = got.get(2);
            assertThat(custom.getEventName()).isEqualTo("game.over");
            assertThat(custom.getLastEventId()).isEqualTo(e);
            assertThat(custom.getData()).contains("\"score\":3");
        }
    }
}
