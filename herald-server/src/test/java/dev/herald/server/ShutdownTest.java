package dev.herald.server;

import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A graceful stop ends streams properly and never drops a publish it acknowledged. */
class ShutdownTest {

    @Test
    void streamsEndCleanlyAndEveryAcknowledgedPublishWasDelivered() throws Exception {
        TestHub hub = TestHub.start();
        List<TestStream> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(hub.stream("bye"));
        }
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 400; i++) {
                try {
                    int status = hub.notify("bye", "n" + i).statusCode();
                    if (status == 202) {
                        acknowledged.incrementAndGet();
                    } else {
                        assertThat(status).isEqualTo(503);
                        refused.incrementAndGet();
                    }
                } catch (RuntimeException connectionRefused) {
                    refused.incrementAndGet();
                }
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.get() >= 20);
        hub.close();
        hub.close();
        publishing.get();
        assertThat(acknowledged.get()).isGreaterThanOrEqualTo(20);
        for (TestStream s : streams) {
            await().atMost(Duration.ofSeconds(10)).until(s::ended);
            assertThat(s.endedCleanly()).as("stream ended with the final chunk, not a broken connection").isTrue();
            // Acknowledged items were handed to the event loops before the streams were ended, so
            // every open stream got every one of them, in order, once.
            List<String> titles = s.drain().stream().filter(e -> e.event().equals("notification"))
                    .map(e -> TestHub.json(e.data()).get("title").asText()).toList();
            assertThat(titles).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(acknowledged.get());
            for (int i = 0; i < titles.size(); i++) {
                assertThat(titles.get(i)).isEqualTo("n" + i);
            }
        }
    }
}
