package dev.herald.redis;

import dev.herald.core.cluster.Cluster;
import dev.herald.core.cluster.ClusterView;
import dev.herald.core.cluster.LocalNode;
import dev.herald.core.cluster.NodeReport;
import dev.herald.core.cluster.OnlineUsers;
import dev.herald.core.cluster.UserStreams;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Cluster} view kept in Redis. Per node: a report key that lives {@value #NODE_TTL_MS} ms
 * unless the node renews it every second (so a dead node drops out by itself), and a hash of its open
 * streams per user. A user's slot is taken by a script that sums the live nodes' counts and
 * increments this node's only if under the limit: one round trip, atomic across nodes.
 *
 * <p>When Redis is unreachable, answers come from this node alone (see the {@link Cluster}
 * contract). After every reconnect, and whenever the stored hash disagrees with this node's count
 * of users, the node writes its whole hash again, so counts heal after an outage or a Redis restart.
 */
public final class RedisCluster implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    static final long HEARTBEAT_MS = 1000;
    static final long NODE_TTL_MS = 3000;

    /** ARGV: prefix, self, user, max (-1: only count). Returns the count, or -1 when at max. */
    private static final String ACQUIRE = """
            local p, self, user, max = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
            if max >= 0 then redis.call('SADD', p .. 'nodes', self) end
            local total = 0
            for _, n in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
              if n == self or redis.call('EXISTS', p .. 'node:' .. n) == 1 then
                total = total + tonumber(redis.call('HGET', p .. 'conns:' .. n, user) or '0')
              else
                redis.call('SREM', p .. 'nodes', n)
                redis.call('DEL', p .. 'conns:' .. n)
              end
            end
            if max < 0 then return total end
            if total >= max then return -1 end
            redis.call('HINCRBY', p .. 'conns:' .. self, user, 1)
            return total + 1
            """;
    /** ARGV: prefix, self, user. */
    private static final String RELEASE = """
            local k = ARGV[1] .. 'conns:' .. ARGV[2]
            if redis.call('HINCRBY', k, ARGV[3], -1) <= 0 then redis.call('HDEL', k, ARGV[3]) end
            return 1
            """;
    /** ARGV: prefix, self, report, ttl. Returns how many users this node's hash holds. */
    private static final String HEARTBEAT = """
            redis.call('SET', ARGV[1] .. 'node:' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
            redis.call('SADD', ARGV[1] .. 'nodes', ARGV[2])
            return redis.call('HLEN', ARGV[1] .. 'conns:' .. ARGV[2])
            """;
    /** ARGV: prefix, self, then user, count pairs: replaces this node's hash. */
    private static final String REWRITE = """
            local k = ARGV[1] .. 'conns:' .. ARGV[2]
            redis.call('DEL', k)
            for i = 3, #ARGV, 2 do redis.call('HSET', k, ARGV[i], ARGV[i + 1]) end
            return 1
            """;
    /** ARGV: prefix. Returns users online anywhere, then every live node's report. */
    private static final String VIEW = """
            local p = ARGV[1]
            local seen, users, out = {}, 0, {0}
            for _, n in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
              local report = redis.call('GET', p .. 'node:' .. n)
              if report then
                table.insert(out, report)
                for _, u in ipairs(redis.call('HKEYS', p .. 'conns:' .. n)) do
                  if not seen[u] then seen[u] = true; users = users + 1 end
                end
              end
            end
            out[1] = users
            return out
            """;
    /** ARGV: prefix, self, limit. Returns users online, then user, count pairs: most streams first. */
    private static final String ONLINE = """
            local p, self, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
            local counts, users = {}, {}
            for _, n in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
              if n == self or redis.call('EXISTS', p .. 'node:' .. n) == 1 then
                local h = redis.call('HGETALL', p .. 'conns:' .. n)
                for i = 1, #h, 2 do
                  local u = h[i]
                  if counts[u] == nil then counts[u] = 0; table.insert(users, u) end
                  counts[u] = counts[u] + tonumber(h[i + 1])
                end
              end
            end
            table.sort(users, function(a, b)
              if counts[a] ~= counts[b] then return counts[a] > counts[b] end
              return a < b
            end)
            local out = {#users}
            for i = 1, math.min(limit, #users) do
              table.insert(out, users[i]); table.insert(out, counts[users[i]])
            end
            return out
            """;
    /** ARGV: prefix, self: this node leaves. */
    private static final String LEAVE = """
            redis.call('SREM', ARGV[1] .. 'nodes', ARGV[2])
            redis.call('DEL', ARGV[1] .. 'node:' .. ARGV[2], ARGV[1] .. 'conns:' .. ARGV[2])
            return 1
            """;

    private final RedisLink link;
    private final String nodeId;
    private final String prefix;
    private final ScheduledExecutorService timer;
    private volatile LocalNode node;
    private volatile boolean dirty = true;
    /** Heartbeats in a row whose stored user count differed from this node's own. */
    private volatile int mismatches;
    private volatile boolean closed;

    /** @param prefix key prefix shared by the nodes of one hub, e.g. {@code herald:{epoch}:} */
    public RedisCluster(RedisLink link, String nodeId, String prefix) {
        this.link = link;
        this.nodeId = nodeId;
        this.prefix = prefix;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        link.onUp(() -> {
            dirty = true;
            timer.execute(this::heartbeat);
        });
    }

    /** The key prefix of one database's hub. */
    public static String prefix(String epoch) {
        return "herald:{" + epoch + "}:";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(LocalNode node) {
        this.node = node;
        timer.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Boolean> tryAcquire(String userId, int max) {
        return eval(ACQUIRE, prefix, nodeId, userId, Integer.toString(max)).handle((r, e) -> {
            if (e != null) {
                // Degraded: the node's own limit still holds; the stored counts are rewritten later.
                dirty = true;
                return true;
            }
            return r.toLong() >= 0;
        });
    }

    @Override
    public void release(String userId) {
        if (closed) {
            return;
        }
        eval(RELEASE, prefix, nodeId, userId).whenComplete((r, e) -> {
            if (e != null) {
                dirty = true;
            }
        });
    }

    @Override
    public CompletableFuture<Integer> connections(String userId) {
        return eval(ACQUIRE, prefix, nodeId, userId, "-1").handle((r, e) -> e != null
                ? local().streams(userId)
                : r.toInteger());
    }

    @Override
    public CompletableFuture<OnlineUsers> onlineUsers(int limit) {
        return eval(ONLINE, prefix, nodeId, Integer.toString(limit)).handle((r, e) -> {
            if (e != null) {
                return OnlineUsers.of(local().streamsByUser(), limit, false);
            }
            List<UserStreams> top = new ArrayList<>();
            for (int i = 1; i + 1 < r.size(); i += 2) {
                top.add(new UserStreams(r.get(i).toString(), r.get(i + 1).toInteger()));
            }
            return new OnlineUsers(top, r.get(0).toInteger(), true);
        });
    }

    @Override
    public CompletableFuture<ClusterView> view() {
        return eval(VIEW, prefix).handle((r, e) -> {
            NodeReport self = local().report();
            if (e != null) {
                return new ClusterView(List.of(self), self.users(), false);
            }
            List<NodeReport> others = new ArrayList<>();
            for (int i = 1; i < r.size(); i++) {
                NodeReport other = NodeReports.decode(r.get(i).toString());
                if (other != null && !other.nodeId().equals(nodeId)) {
                    others.add(other);
                }
            }
            others.sort(java.util.Comparator.comparing(NodeReport::nodeId));
            List<NodeReport> nodes = new ArrayList<>(1 + others.size());
            nodes.add(self);
            nodes.addAll(others);
            return new ClusterView(nodes, r.get(0).toInteger(), true);
        });
    }

    @Override
    public boolean healthy() {
        return link.healthy();
    }

    /** Renews this node's report; rewrites its stream counts when they may have drifted. */
    private void heartbeat() {
        LocalNode n = node;
        if (n == null || closed || !link.healthy()) {
            return;
        }
        if (dirty) {
            dirty = false;
            rewrite(n.streamsByUser());
        }
        NodeReport report = n.report();
        eval(HEARTBEAT, prefix, nodeId, NodeReports.encode(report), Long.toString(NODE_TTL_MS)).whenComplete((r, e) -> {
            if (e != null) {
                dirty = true;
            } else if (r.toInteger() != report.users()) {
                // Streams opened or closed since the report was taken make this differ for a moment;
                // twice in a row means lost updates (or Redis restarted empty): write it all again.
                if (++mismatches >= 2) {
                    mismatches = 0;
                    dirty = true;
                }
            } else {
                mismatches = 0;
            }
        });
    }

    private void rewrite(Map<String, Integer> streams) {
        List<String> args = new ArrayList<>(2 + streams.size() * 2);
        args.add(prefix);
        args.add(nodeId);
        streams.forEach((user, count) -> {
            args.add(user);
            args.add(Integer.toString(count));
        });
        eval(REWRITE, args.toArray(String[]::new)).whenComplete((r, e) -> {
            if (e != null) {
                dirty = true;
            }
        });
    }

    private CompletableFuture<Response> eval(String script, String... args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(0);
        for (String a : args) {
            request.arg(a);
        }
        return link.send(request);
    }

    private LocalNode local() {
        LocalNode n = node;
        if (n == null) {
            throw new IllegalStateException("not started");
        }
        return n;
    }

    /** Stops reporting and removes this node's entries, so its streams stop counting at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            eval(LEAVE, prefix, nodeId).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Redis is away: the node's report expires by itself, and live nodes drop its counts.
            log.debug("could not leave the cluster view cleanly: {}", e.toString());
        }
    }
}
