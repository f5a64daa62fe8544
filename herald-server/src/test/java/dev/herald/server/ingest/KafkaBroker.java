package dev.herald.server.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka 4.1 broker for tests: one KRaft node that is broker and controller at once, on free
 * loopback ports, its storage formatted in a temp directory. It runs as a JVM of its own on the
 * classpath Maven writes to {@code target/kafka-broker.classpath}, so its Scala, Jackson and logging
 * jars never meet the test JVM's (where other test servers, like ElasticMQ, bring their own).
 */
final class KafkaBroker implements AutoCloseable {
    private static final String CLASSPATH = System.getProperty("kafka.broker.classpath", "target/kafka-broker.classpath");

    private final Path dir;
    private final Process process;
    private final String bootstrapServers;
    private final Thread killOnExit;

    private KafkaBroker(Path dir, Process process, String bootstrapServers) {
        this.dir = dir;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        // Never outlive the tests, even when they end abruptly.
        this.killOnExit = new Thread(process::destroyForcibly, "kafka-broker-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Formats a fresh storage and starts the broker; returns once it answers. */
    static KafkaBroker start() throws Exception {
        Path dir = Files.createTempDirectory("herald-kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // A test's consumers join at once; no waiting for more members to come.
                "group.initial.rebalance.delay.ms=0",
                // The nodes' session timeout is short in tests (KafkaFixture): a killed node's partitions
                // move after 4 s instead of 10 s. Kafka refuses sessions under 6 s unless told otherwise.
                "group.min.session.timeout.ms=1000",
                "auto.create.topics.enable=false",
                ""));
        // The broker logs through the logback on its classpath: warnings only, into its own file.
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Path log = dir.resolve("broker.log");
        Process format = java(dir, logback, log, "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", props.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(log));
        }
        KafkaBroker broker = new KafkaBroker(dir, java(dir, logback, log, "kafka.Kafka", props.toString()),
                "127.0.0.1:" + port);
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                if (!broker.process.isAlive()) {
                    throw new IllegalStateException("the kafka broker exited: " + Files.readString(log));
                }
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            });
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    private static Process java(Path dir, Path logback, Path log, String main, String... args) throws IOException {
        // C1 only: a test broker lives for one class and serves little; C2 compiling Kafka and Scala at
        // start cost it more CPU than it ever saved (format + start: ~9 s of CPU with C2, ~5.5 s without).
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", Files.readString(Path.of(CLASSPATH)).trim(), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway, harmlessly.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
