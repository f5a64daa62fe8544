package dev.herald.server;

import dev.herald.server.support.PerStoreHub;
import dev.herald.server.support.SseEvent;
import dev.herald.server.support.TestHub;
import dev.herald.server.support.TestStream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event coalescing over real HTTP on a durable store: an upload's progress to a stalled reader ends
 * with its final value and no backlog; a resuming client gets the latest per collapse key and every
 * other item, in order; the live rate cap lets the last value through. Run once per store by
 * {@link CoalescingSqliteTest} and {@link CoalescingPostgresTest}.
 */
abstract class CoalescingChecks extends PerStoreHub {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PROGRESS = Pattern.compile("\"percent\":(\\d+)");

    private static String progress(String userIds, String key, int percent, String extra) {
        return "{\"userIds\":" + userIds + ",\"event\":\"upload.progress\",\"collapseKey\":\"" + key + "\""
                + extra + ",\"data\":{\"percent\":" + percent + ",\"pad\":\"" + "p".repeat(30_000) + "\"}}";
    }

    @Test
    void anUploadsProgressToAStalledReaderEndsWithItsFinalValueAndNoBacklog() throws Exception {
        try (TestStream fast = hub.stream("fast-reader");
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", hub.server().port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + hub.token("stalled-reader")
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(WAIT).until(() ->
                    TestHub.json(hub.get("/v1/users/stalled-reader/presence")).get("connections").asInt() == 1);

            // ~30 MB of progress, far beyond the socket buffers and the stream's bound; the stalled
            // reader does not read a byte meanwhile. Every hundredth step a milestone without a key.
            List<String> milestones = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                hub.publishId("/v1/events", progress("[\"stalled-reader\",\"fast-reader\"]", "upload:abc", i, ""));
                if (i % 100 == 0) {
                    milestones.add(hub.publishId("/v1/events",
                            "{\"userId\":\"stalled-reader\",\"event\":\"upload.milestone\",\"data\":" + i + "}"));
                }
            }
            // The reader that keeps up is not coalesced: every step, in order.
            List<SseEvent> all = fast.collect("upload.progress", 1000, WAIT);
            for (int i = 0; i < 1000; i++) {
                assertThat(percent(all.get(i).data())).isEqualTo(i + 1);
            }

            // Now the stalled reader reads everything: it ends with the final value.
            StringBuilder text = new StringBuilder();
            InputStream in = stalled.getInputStream();
            stalled.setSoTimeout((int) WAIT.toMillis());
            byte[] buf = new byte[65536];
            while (!text.toString().contains("\"event\":\"upload.milestone\",\"data\":1000")) {
                int n = in.read(buf);
                assertThat(n).as("the stream ended before the final milestone").isPositive();
                text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            List<Integer> seen = new ArrayList<>();
            Matcher m = PROGRESS.matcher(text);
            while (m.find()) {
                seen.add(Integer.parseInt(m.group(1)));
            }
            assertThat(seen).isSorted().doesNotHaveDuplicates();
            assertThat(seen.get(seen.size() - 1)).isEqualTo(1000);
            assertThat(seen.size()).as("progress events delivered to the stalled reader").isLessThan(500);
            for (String id : milestones) {
                assertThat(text.toString()).contains("id: " + id + "\n");
            }
        }
    }

    @Test
    void aResumingClientGetsTheLatestPerKeyAndEveryOtherItemInOrder() throws Exception {
        String user = "resumer";
        String anchor;
        try (TestStream s = hub.stream(user)) {
            anchor = s.awaitPosition(WAIT);
        }
        List<String> expected = new ArrayList<>();
        String lastA = null;
        String lastB = null;
        for (int i = 1; i <= 60; i++) {
            lastA = hub.publishId("/v1/events", "{\"userId\":\"resumer\",\"event\":\"p\",\"collapseKey\":\"upload:a\","
                    + "\"data\":{\"percent\":" + i + "}}");
            if (i % 4 == 0) {
                lastB = hub.publishId("/v1/events", "{\"userId\":\"resumer\",\"event\":\"p\",\"collapseKey\":\"upload:b\","
                        + "\"data\":{\"percent\":" + i + "}}");
            }
            if (i % 20 == 0) {
                expected.add(hub.publishId("/v1/events", "{\"userId\":\"resumer\",\"event\":\"tick\",\"data\":" + i + "}"));
                expected.add(hub.publishId("/v1/notifications", "{\"userId\":\"resumer\",\"type\":\"t\",\"title\":\"n" + i + "\"}"));
            }
        }
        expected.add(lastA);
        expected.add(lastB);
        expected.sort((x, y) -> Long.compare(seq(x), seq(y)));

        double coalescedBefore = coalescedTotal();
        try (TestStream again = hub.stream(user, "", anchor)) {
            List<SseEvent> got = again.itemsThrough(expected.get(expected.size() - 1), WAIT);
            assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(expected);
            // 59 of upload:a and 14 of upload:b were superseded, each counted once in /metrics.
            assertThat(coalescedTotal() - coalescedBefore).isEqualTo(73);
            String latestOfA = lastA;
            assertThat(got.stream().filter(e -> e.id().equals(latestOfA)).findFirst().orElseThrow().data())
                    .contains("\"collapseKey\":\"upload:a\"").contains("\"percent\":60");
            String live = hub.publishId("/v1/events", "{\"userId\":\"resumer\",\"event\":\"tick\",\"data\":0}");
            assertThat(again.collectItems(1, WAIT).get(0).id()).isEqualTo(live);
        }
    }

    private double coalescedTotal() {
        return hub.get("/metrics").body().lines().filter(l -> l.startsWith("herald_events_coalesced_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("herald_events_coalesced_total not in /metrics"));
    }

    @Test
    void theRateCapDeliversTheFinalValueInOrderWithOtherItems() throws Exception {
        try (TestStream s = hub.stream("capped")) {
            s.awaitPosition(WAIT);
            List<String> ticks = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                hub.publishId("/v1/events", "{\"userId\":\"capped\",\"event\":\"xp\",\"collapseKey\":\"xp\","
                        + "\"maxRatePerSecond\":2,\"data\":{\"percent\":" + i + "}}");
                if (i % 50 == 0) {
                    ticks.add(hub.publishId("/v1/events", "{\"userId\":\"capped\",\"event\":\"tick\",\"data\":" + i + "}"));
                }
            }
            String last = hub.publishId("/v1/events", "{\"userId\":\"capped\",\"event\":\"xp\",\"collapseKey\":\"xp\","
                    + "\"maxRatePerSecond\":2,\"data\":{\"percent\":201}}");
            List<SseEvent> got = s.itemsThrough(last, WAIT);
            assertThat(got).extracting(SseEvent::id).containsAll(ticks);
            List<Long> seqs = got.stream().map(e -> seq(e.id())).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            assertThat(percent(got.get(0).data())).isEqualTo(1);
            assertThat(percent(got.get(got.size() - 1).data())).isEqualTo(201);
            assertThat(got.stream().filter(e -> e.event().equals("xp")).count()).isLessThan(100);
        }
    }

    @Test
    void badCoalescingFieldsAreRefusedWithTheFieldNamed() {
        String base = "{\"userId\":\"u\",\"event\":\"p\",\"data\":1";
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"has space\"}").statusCode()).isEqualTo(422);
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"" + "k".repeat(129) + "\"}").statusCode()).isEqualTo(422);
        assertThat(hub.post("/v1/events", base + ",\"maxRatePerSecond\":5}").body()).contains("collapseKey");
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"k\",\"maxRatePerSecond\":0}").body())
                .contains("maxRatePerSecond");
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"k\",\"maxRatePerSecond\":1001}").statusCode())
                .isEqualTo(422);
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"k\",\"maxRatePerSecond\":\"5\"}").statusCode())
                .isEqualTo(422);
        assertThat(hub.post("/v1/events", base + ",\"collapseKey\":\"" + "k".repeat(128) + "\",\"maxRatePerSecond\":0.1}")
                .statusCode()).isEqualTo(202);
    }

    private static int percent(String data) {
        Matcher m = PROGRESS.matcher(data);
        assertThat(m.find()).as("percent in %s", data).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
