package dev.herald.server;

import dev.herald.server.support.Batches;
import dev.herald.server.support.RawHttp;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's budget of request bytes in flight, here its smallest (1 MiB: one largest batch): a body
 * that does not fit is refused at once with {@code 503 overloaded} and Retry-After, before it is read
 * and with nothing stored; the bytes come back when the request that held them is answered or its
 * client leaves. A body without Content-Length counts as the route's whole limit.
 */
class OverloadTest {
    private static final int BUDGET = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String USER = "budgeted";
    private static TestHub hub;
    private static TestStream stream;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(Map.of("--max-inflight-bytes", Integer.toString(BUDGET)));
        stream = hub.stream(USER);
    }

    @AfterAll
    static void stop() {
        stream.close();
        hub.close();
    }

    @Test
    void aBodyPastTheBudgetIsRefusedAtOnceAndTheBudgetReturnsWhenTheHolderIsAnswered() throws Exception {
        byte[] batch = paddedBatch("held", BUDGET);
        try (RawHttp holder = RawHttp.connect(hub.server().port())) {
            // Declares the whole budget and sends half of it: the node now holds all it may.
            holder.send(head("/v1/notifications/batch", "Content-Length: " + batch.length));
            holder.send(Arrays.copyOfRange(batch, 0, batch.length / 2));
            awaitBudgetTaken();

            try (RawHttp refused = RawHttp.connect(hub.server().port())) {
                RawHttp.Reply reply = refused.send(publishRequest("refused")).read(WAIT);
                assertOverloaded(reply);
                assertThat(refused.awaitClosed(WAIT)).isTrue();
            }

            holder.send(Arrays.copyOfRange(batch, batch.length / 2, batch.length));
            RawHttp.Reply held = holder.read(WAIT);
            assertThat(held.status()).isEqualTo(202);
        }
        // Back in budget: the next publish goes through, and the refused one was never stored.
        String after = hub.publishId("/v1/notifications", notification("after"));
        List<SseEvent> got = stream.collect("notification", 2, WAIT);
        assertThat(got).extracting(SseEvent::data).noneMatch(d -> d.contains("refused"));
        assertThat(got.get(0).data()).contains("held");
        assertThat(got.get(1).id()).isEqualTo(after);
    }

    /**
     * A client that has its reply finds its bytes free: each request below reserves the whole budget,
     * and the next one is sent the moment the previous reply is read, a hundred times over.
     */
    @Test
    void aClientThatHasItsReplyFindsItsBytesGivenBack() throws Exception {
        String json = Batches.batch(Batches.toUser("back-to-back", "whole budget"));
        byte[] batch = (json + " ".repeat(BUDGET - json.length())).getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = RawHttp.connect(hub.server().port())) {
            for (int round = 0; round < 100; round++) {
                client.send(head("/v1/notifications/batch", "Content-Length: " + batch.length));
                client.send(batch);
                assertThat(client.read(WAIT).status()).as("round %d", round).isEqualTo(202);
            }
        }
    }

    @Test
    void aRefusedClientThatNeverSendsItsBodyIsCutOffAfterTheLinger() throws Exception {
        byte[] batch = paddedBatch("lingering holder", BUDGET);
        try (RawHttp holder = RawHttp.connect(hub.server().port());
             RawHttp refused = RawHttp.connect(hub.server().port())) {
            holder.send(head("/v1/notifications/batch", "Content-Length: " + batch.length));
            holder.send(Arrays.copyOfRange(batch, 0, 100));
            awaitBudgetTaken();

            // The head alone: the refusal comes before any of the body, which never follows.
            RawHttp.Reply reply = refused.send(head("/v1/notifications", "Content-Length: 1000")).read(WAIT);
            assertOverloaded(reply);
            assertThat(refused.awaitClosed(WAIT)).isTrue();

            holder.send(Arrays.copyOfRange(batch, 100, batch.length));
            assertThat(holder.read(WAIT).status()).isEqualTo(202);
        }
        stream.collect("notification", 1, WAIT);
    }

    @Test
    void aChunkedBodyCountsAsTheWholeRouteLimitUntilItIsAnswered() throws Exception {
        byte[] elements = Batches.batch(Batches.toUser(USER, "chunked")).getBytes(StandardCharsets.UTF_8);
        try (RawHttp chunked = RawHttp.connect(hub.server().port())) {
            chunked.send(head("/v1/notifications/batch", "Transfer-Encoding: chunked"));
            chunked.send(Integer.toHexString(elements.length) + "\r\n");
            awaitBudgetTaken();
            chunked.send(elements);
            chunked.send("\r\n0\r\n\r\n");
            assertThat(chunked.read(WAIT).status()).isEqualTo(202);
        }
        assertThat(stream.awaitEvent("notification", WAIT).data()).contains("chunked");
        assertThat(hub.post("/v1/notifications", notification("after chunked")).statusCode()).isEqualTo(202);
        assertThat(stream.awaitEvent("notification", WAIT).data()).contains("after chunked");
    }

    @Test
    void aClientThatLeavesMidBodyGivesItsBytesBack() throws Exception {
        byte[] batch = paddedBatch("abandoned", BUDGET);
        try (RawHttp leaver = RawHttp.connect(hub.server().port())) {
            leaver.send(head("/v1/notifications/batch", "Content-Length: " + batch.length));
            leaver.send(Arrays.copyOfRange(batch, 0, 1000));
            awaitBudgetTaken();
        }
        // The hub sees the close a moment later; until then a publish may still be refused (and not stored).
        await().atMost(WAIT).until(() -> hub.post("/v1/notifications", notification("after leaving")).statusCode() == 202);
        List<SseEvent> got = new ArrayList<>(stream.collect("notification", 1, WAIT));
        assertThat(got.get(0).data()).contains("after leaving");
    }

    /**
     * Waits until a small request with a body is refused: the budget is then taken by the request
     * under test (whose head may reach its event loop a moment after it was sent). The probe mints a
     * token, which stores nothing.
     */
    private static void awaitBudgetTaken() {
        String body = "{\"userId\":\"probe\"}";
        await().atMost(WAIT).until(() -> {
            try (RawHttp probe = RawHttp.connect(hub.server().port())) {
                return probe.send(head("/v1/tokens", "Content-Length: " + body.length()) + body).read(WAIT).status() == 503;
            }
        });
    }

    private static void assertOverloaded(RawHttp.Reply reply) {
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(TestHub.json(reply.body()).at("/error/code").asText()).isEqualTo("overloaded");
    }

    private static String notification(String title) {
        return "{\"userId\":\"" + USER + "\",\"type\":\"t\",\"title\":\"" + title + "\"}";
    }

    private static String head(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHub.API_KEY
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n";
    }

    private static String publishRequest(String title) {
        String body = notification(title);
        return head("/v1/notifications", "Content-Length: " + body.length()) + body;
    }

    /** A one-notification batch padded with trailing spaces to exactly {@code size} bytes. */
    private static byte[] paddedBatch(String title, int size) {
        String json = Batches.batch(Batches.toUser(USER, title));
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }
}
