package dev.herald.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the run tests: three hub nodes on the run's own PostgreSQL and Redis, each reaching them
 * through a {@link Proxy} of its own, plus one single node on SQLite whose data directory is a small
 * filesystem. Everything it started is stopped by {@link #close()}, which is safe to call twice.
 */
final class Rig implements AutoCloseable {
    final PostgresServer postgres;
    final RedisServer redis;
    final List<Node> clusterNodes = new ArrayList<>();
    final Node single;
    final SmallDisk disk;
    private final Map<String, Proxy> proxies = new HashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private boolean closed;

    private Rig(PostgresServer postgres, RedisServer redis, Node single, SmallDisk disk) {
        this.postgres = postgres;
        this.redis = redis;
        this.single = single;
        this.disk = disk;
    }

    /** What the machine lacks for a run, or null when it has everything. */
    static String missing() {
        if (PostgresServer.findBin() == null) {
            return "PostgreSQL's server programs (initdb, pg_ctl) are not installed under /usr/lib/postgresql";
        }
        if (!RedisServer.installed()) {
            return "redis-server is not installed";
        }
        return null;
    }

    static Rig start(Path jar, Path dir, int clusterNodes) throws Exception {
        clear(dir);
        PostgresServer pg = PostgresServer.create(PostgresServer.findBin(), dir.resolve("postgres"), freePort());
        RedisServer redis = new RedisServer(dir.resolve("redis.log"), freePort());
        SmallDisk disk = SmallDisk.mount(dir.resolve("single"), 48);
        Map<String, String> singleEnv = Map.of("HERALD_NODE_ID", "s1", "HERALD_API_KEYS", Workload.API_KEY,
                "HERALD_JWT_SECRET", Workload.JWT_SECRET, "HERALD_HEARTBEAT_MS", Integer.toString(Workload.HEARTBEAT_MS),
                "HERALD_SHUTDOWN_GRACE_MS", "3000", "HERALD_MAX_CONNECTIONS_PER_USER", "50");
        Node single = new Node("s1", Workload.SINGLE, freePort(), jar, dir.resolve("s1"),
                dir.resolve("single").resolve("data"), singleEnv);
        Rig rig = new Rig(pg, redis, single, disk);
        Map<String, String> vapid = VapidPair.env();
        try {
            if (disk != null) {
                rig.toClose.add(disk);
            }
            rig.toClose.add(pg);
            pg.start();
            rig.toClose.add(redis);
            redis.start();
            for (int i = 1; i <= clusterNodes; i++) {
                String id = "n" + i;
                Proxy pgLink = new Proxy(id + "-postgres", pg.port());
                Proxy redisLink = new Proxy(id + "-redis", redis.port());
                rig.proxies.put(id + "/postgres", pgLink);
                rig.proxies.put(id + "/redis", redisLink);
                rig.toClose.add(pgLink);
                rig.toClose.add(redisLink);
                Map<String, String> env = new HashMap<>(singleEnv);
                env.putAll(vapid);
                env.put("HERALD_NODE_ID", id);
                env.put("HERALD_POSTGRES_URL", pg.jdbcUrl(pgLink.port()));
                env.put("HERALD_REDIS_URL", "redis://127.0.0.1:" + redisLink.port());
                Node node = new Node(id, Workload.CLUSTER, freePort(), jar, dir.resolve(id), dir.resolve(id).resolve("data"), env);
                rig.clusterNodes.add(node);
            }
            List<Node> all = rig.allNodes();
            rig.toClose.addAll(all);
            // The first node creates the schema alone; the others then start side by side.
            all.get(0).start(null);
            await(all.get(0));
            for (Node n : all.subList(1, all.size())) {
                n.start(null);
            }
            for (Node n : all.subList(1, all.size())) {
                await(n);
            }
            return rig;
        } catch (Exception e) {
            rig.close();
            throw e;
        }
    }

    /** A run starts from nothing: an earlier run's data in the same place would be resumed, not made anew. */
    private static void clear(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        Signals.run(List.of("umount", "-l", dir.resolve("single").toString()), 30); // left by a killed run
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    private static void await(Node n) throws InterruptedException {
        if (!n.awaitReady(Duration.ofSeconds(120))) {
            throw new IllegalStateException("node " + n.id + " did not start; see its node.log");
        }
    }

    List<Node> allNodes() {
        List<Node> all = new ArrayList<>(clusterNodes);
        all.add(single);
        return all;
    }

    Proxy proxy(Node n, String link) {
        return proxies.get(n.id + "/" + link);
    }

    /** The ports of each group's nodes, for the clients. */
    Map<String, List<Integer>> ports() {
        return Map.of(Workload.CLUSTER, clusterNodes.stream().map(n -> n.port).toList(),
                Workload.SINGLE, List.of(single.port));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Safe to call twice, and from the shutdown hook while the run is still going (Ctrl-C). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }
}
