package dev.herald.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.redis.testing.RequiresRedis;
import dev.herald.redis.testing.TestRedis;
import dev.herald.server.support.HubProcess;
import dev.herald.server.support.TestVapid;
import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TcpProxy;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract every ingest source passes (see {@link dev.herald.core.ingest.IngestSource}), against its
 * real broker and the packaged hub as real processes: delivery, order per partition, dead letters that
 * do not block, redelivery after {@code kill -9} without loss or duplicates, a store outage waited
 * out, two nodes sharing a source and one of them killed, and (the outbox) a rolled-back transaction.
 *
 * <p>Every message is a notification for the user of its partition carrying its number, so the
 * inboxes say, from the hub's side, what arrived, how often and in which order.
 *
 * <p>Needs PostgreSQL and Redis besides the source's broker: the store outage and the cluster run on them.
 */
@RequiresPostgres
@RequiresRedis
public abstract class IngestContract {
    protected static final String KEY = "ingest-publisher-key-0123456789";
    private static final String SECRET = "ingest-jwt-secret-0123456789abcdef0123456789";
    protected static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;
    private final List<HubProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A failed test shows what each hub it started logged (the tail of it): the processes are gone by
     * then, and without their logs a failure of a source running in another process says little.
     */
    @RegisterExtension
    final TestWatcher hubLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (int i = 0; i < processes.size(); i++) {
                List<String> err = processes.get(i).err();
                System.out.println("---- hub process " + i + ", last lines of its log ----");
                err.subList(Math.max(0, err.size() - 80), err.size()).forEach(System.out::println);
            }
        }
    };

    /** A fixture with a fresh queue/topic/streams/table of {@code partitions} partitions, named after the test. */
    protected abstract IngestFixture open(int partitions, String testName) throws Exception;

    @AfterEach
    void stopEverything() throws Exception {
        processes.forEach(HubProcess::close);
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private IngestFixture fixture(int partitions, TestInfo info) throws Exception {
        IngestFixture f = open(partitions, info.getTestMethod().orElseThrow().getName());
        closeables.add(f);
        return f;
    }

    // ---- the contract ----

    @Test
    void everyMessageIsPublishedOnceInItsPartitionsOrder(TestInfo info) throws Exception {
        IngestFixture source = fixture(3, info);
        int port = node(source, "a", Map.of()).awaitPort(WAIT);
        for (int round = 0; round < 4; round++) {
            for (String p : source.partitions()) {
                source.send(p, range(p, round * 10, round * 10 + 10));
            }
        }
        for (String p : source.partitions()) {
            awaitExactlyOnceInOrder(port, p, 40);
        }
        JsonNode stats = awaitIngestStats(port, source.sourceName(), s -> s.path("processed").asLong() >= 12);
        assertThat(stats.path("deadLettered").asLong()).isZero();
        // A message addressed by kind in the body, a batch of several and one with its own key, twice.
        String p0 = source.partitions().get(0);
        source.send(p0, List.of(batch(p0, 40, 41, 42),
                notification(p0, 43).replace("\"kind\":\"notification\",", "\"kind\":\"notification\",\"idempotencyKey\":\"own-43\","),
                notification(p0, 44).replace("\"kind\":\"notification\",", "\"kind\":\"notification\",\"idempotencyKey\":\"own-43\",")));
        // The repeat of own-43 is answered as published: nothing new for it.
        awaitExactlyOnceInOrder(port, p0, 44);
        assertThat(source.deadLetters()).isEmpty();
    }

    @Test
    void badMessagesAreSetAsideWithTheirCodeAndNeverHoldUpTheirPartition(TestInfo info) throws Exception {
        IngestFixture source = fixture(1, info);
        HubProcess hub = node(source, "a", Map.of());
        int port = hub.awaitPort(WAIT);
        String p = source.partitions().get(0);
        String notJson = "{\"kind\":\"notification\", this is not json";
        String unknownField = notification(p, 99).replace("\"title\"", "\"titel\"");
        String noKind = notification(p, 98).replace("\"kind\":\"notification\",", "");
        source.send(p, List.of(notification(p, 0), notJson, unknownField, noKind, notification(p, 1)));
        awaitExactlyOnceInOrder(port, p, 2);
        await().atMost(WAIT).until(() -> source.deadLetters().size() == 3);
        List<IngestFixture.DeadLetter> dead = source.deadLetters();
        assertThat(dead).extracting(IngestFixture.DeadLetter::body).containsExactly(notJson, unknownField, noKind);
        assertThat(dead).extracting(IngestFixture.DeadLetter::code)
                .containsExactly("invalid_json", "validation_failed", "validation_failed");
        assertThat(dead.get(1).message()).contains("titel");
        JsonNode stats = awaitIngestStats(port, source.sourceName(), s -> s.path("deadLettered").asLong() == 3);
        assertThat(stats.path("lastError").path("code").asText()).isEqualTo("validation_failed");
        // Every series also carries the node's label: match the source's, whatever else is beside it.
        assertThat(get(port, "/metrics").body()).containsPattern("herald_ingest_dead_lettered_total\\{[^}]*source=\""
                + java.util.regex.Pattern.quote(source.sourceName()) + "\"[^}]*} 3\\.0");
    }

    @Test
    void aNodeKilledMidStreamLosesAndDuplicatesNothing(TestInfo info) throws Exception {
        IngestFixture source = fixture(3, info);
        int perPartition = 500;
        for (String p : source.partitions()) {
            source.send(p, range(p, 0, perPartition));
        }
        Path data = Files.createDirectories(workDir.resolve("a-data"));
        HubProcess first = node(source, "a", Map.of(), data);
        int port = first.awaitPort(WAIT);
        awaitIngestStats(port, source.sourceName(), s -> s.path("processed").asLong() >= 100);
        first.kill9();
        HubProcess second = node(source, "a", Map.of(), data);
        int port2 = second.awaitPort(WAIT);
        for (String p : source.partitions()) {
            awaitExactlyOnceInOrder(port2, p, perPartition);
        }
    }

    @Test
    void whileTheStoreIsDownMessagesWaitAndNoneIsLost(TestInfo info) throws Exception {
        IngestFixture source = fixture(1, info);
        String schema = TestPostgres.newSchema();
        closeables.add(() -> TestPostgres.dropSchema(schema));
        URI pg = TestPostgres.serverAddress();
        TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort());
        closeables.add(proxy); // started by its constructor
        int port = node(source, "a", Map.of("HERALD_POSTGRES_URL", TestPostgres.urlVia(proxy.port(), schema)))
                .awaitPort(WAIT);
        String p = source.partitions().get(0);
        source.send(p, range(p, 0, 5));
        awaitExactlyOnceInOrder(port, p, 5);
        proxy.stop();
        source.send(p, range(p, 5, 30));
        // The hub refuses while its database is away: the source keeps its messages and says why.
        awaitIngestStats(port, source.sourceName(), s -> s.path("retries").asLong() > 0
                && "store_unavailable".equals(s.path("lastError").path("code").asText()));
        proxy.start();
        awaitExactlyOnceInOrder(port, p, 30);
    }

    @Test
    void twoNodesShareTheSourceAndAKilledNodesShareGoesToTheOther(TestInfo info) throws Exception {
        IngestFixture source = fixture(4, info);
        String schema = TestPostgres.newSchema();
        closeables.add(() -> TestPostgres.dropSchema(schema));
        Map<String, String> cluster = Map.of("HERALD_POSTGRES_URL", TestPostgres.urlFor(schema),
                "HERALD_REDIS_URL", TestRedis.URL, "HERALD_VAPID_PUBLIC_KEY", TestVapid.PUBLIC_KEY,
                "HERALD_VAPID_PRIVATE_KEY", TestVapid.PRIVATE_KEY, "HERALD_VAPID_SUBJECT", TestVapid.SUBJECT);
        HubProcess a = node(source, "a", cluster);
        HubProcess b = node(source, "b", cluster);
        int portA = a.awaitPort(WAIT);
        int portB = b.awaitPort(WAIT);
        // Both take part: each node settles messages of its own share. Messages keep coming until
        // both have settled some, because a node that starts consuming later (an SQS receiver that
        // polls second, a Kafka member that joins after the first assignment) may find the first
        // ones already taken; a fixed first batch made this test depend on which node was faster.
        int[] sent = {0};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String p : source.partitions()) {
                source.send(p, range(p, sent[0], sent[0] + 5));
            }
            sent[0] += 5;
            return processed(portA, source.sourceName()) > 0 && processed(portB, source.sourceName()) > 0;
        });
        int perPartition = Math.max(150, sent[0] + 100);
        for (String p : source.partitions()) {
            source.send(p, range(p, sent[0], perPartition));
        }
        a.kill9();
        for (String p : source.partitions()) {
            awaitExactlyOnceInOrder(portB, p, perPartition);
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing(TestInfo info) throws Exception {
        IngestFixture source = fixture(1, info);
        String p = source.partitions().get(0);
        Assumptions.assumeTrue(source.sendRolledBack(p, notification(p, 0)), "this source has no transactions");
        int port = node(source, "a", Map.of()).awaitPort(WAIT);
        source.send(p, List.of(notification(p, 1)));
        JsonNode inbox = awaitInbox(port, p, 1);
        assertThat(numbers(inbox)).containsExactly(1);
    }

    // ---- messages ----

    /** The user a partition's messages go to. */
    protected static String user(String partition) {
        return "u-" + partition.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    protected static String notification(String partition, int n) {
        return "{\"kind\":\"notification\",\"userId\":\"" + user(partition) + "\",\"type\":\"ingest\",\"title\":\"m " + n
                + "\",\"data\":{\"n\":" + n + "}}";
    }

    private static String batch(String partition, int... ns) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"batch\",\"notifications\":[");
        for (int i = 0; i < ns.length; i++) {
            sb.append(i == 0 ? "" : ",").append(notification(partition, ns[i]).replace("\"kind\":\"notification\",", ""));
        }
        return sb.append("]}").toString();
    }

    protected static List<String> range(String partition, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            out.add(notification(partition, n));
        }
        return out;
    }

    // ---- the hub ----

    private HubProcess node(IngestFixture source, String id, Map<String, String> extra) throws IOException {
        return node(source, id, extra, Files.createDirectories(workDir.resolve(id + "-" + processes.size())));
    }

    private HubProcess node(IngestFixture source, String id, Map<String, String> extra, Path data) throws IOException {
        Map<String, String> env = new HashMap<>(source.env());
        env.putAll(Map.of("HERALD_NODE_ID", id, "HERALD_API_KEYS", KEY, "HERALD_JWT_SECRET", SECRET,
                "HERALD_SHUTDOWN_GRACE_MS", "2000"));
        env.putAll(extra);
        HubProcess p = HubProcess.start(data, env, "--port", "0", "--data-dir", data.toString());
        processes.add(p);
        return p;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** How many messages this node has settled from the source so far (0 before it reports any). */
    private long processed(int port, String sourceName) throws Exception {
        for (JsonNode s : JSON.readTree(get(port, "/v1/stats").body()).path("ingest")) {
            if (s.path("source").asText().equals(sourceName)) {
                return s.path("processed").asLong();
            }
        }
        return 0;
    }

    /** This node's figures for the source, once {@code until} holds for them. */
    private JsonNode awaitIngestStats(int port, String sourceName, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            for (JsonNode s : JSON.readTree(get(port, "/v1/stats").body()).path("ingest")) {
                if (s.path("source").asText().equals(sourceName)) {
                    last[0] = s;
                    return until.test(s);
                }
            }
            return false;
        });
        return last[0];
    }

    /** A user's whole inbox, oldest first. */
    private JsonNode inbox(int port, String partition) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String before = null;
        do {
            String path = "/v1/users/" + URLEncoder.encode(user(partition), StandardCharsets.UTF_8)
                    + "/notifications?limit=100" + (before == null ? "" : "&before=" + before);
            HttpResponse<String> r = get(port, path);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.path("items").forEach(items::add);
            before = page.path("nextBefore").isNull() ? null : page.path("nextBefore").asText(null);
        } while (before != null);
        Collections.reverse(items);
        return JSON.valueToTree(items);
    }

    private JsonNode awaitInbox(int port, String partition, int count) {
        JsonNode[] last = new JsonNode[1];
        // Reads may answer 503 for a moment after the store came back (its pool heals): ask again.
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            last[0] = inbox(port, partition);
            return last[0].size() >= count;
        });
        return last[0];
    }

    private static List<Integer> numbers(JsonNode inbox) {
        List<Integer> out = new ArrayList<>();
        inbox.forEach(item -> out.add(item.path("data").path("n").asInt()));
        return out;
    }

    /** Waits for {@code count} notifications in the partition's inbox, then: 0..count-1, each once, in order. */
    private void awaitExactlyOnceInOrder(int port, String partition, int count) throws Exception {
        JsonNode inbox = awaitInbox(port, partition, count);
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            expected.add(n);
        }
        assertThat(numbers(inbox)).as("partition %s: each message once, in order", partition).isEqualTo(expected);
    }

    /** For fixtures: a short, unique-enough suffix for names of this run. */
    protected static String unique(String testName) {
        String base = testName.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
        return base.substring(0, Math.min(24, base.length())) + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    protected static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
