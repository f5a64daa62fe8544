package dev.herald.server.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ElasticMQ (an SQS-compatible server, in memory) in its own JVM, on 127.0.0.1 and a free port.
 * Its own JVM because its Scala and Pekko libraries would meet other Scala on this test classpath (the
 * Kafka broker's): the herald-elasticmq module writes its classpath, failsafe says where. It stops when
 * its standard input closes, so it ends with this JVM however that ends.
 */
final class ElasticMqProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("elasticmq listening on (\\d+)");

    private final Process process;
    private final int port;

    private ElasticMqProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ElasticMqProcess start() throws Exception {
        Path dir = Path.of(System.getProperty("herald.elasticmq.dir", "../herald-elasticmq/target")).toAbsolutePath();
        Path listed = dir.resolve("elasticmq.classpath");
        if (!Files.exists(listed)) {
            throw new IllegalStateException(listed + " is missing: build herald-elasticmq first (-am)");
        }
        String classpath = dir.resolve("classes") + java.io.File.pathSeparator + Files.readString(listed).trim();
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, "dev.herald.elasticmq.ElasticMqMain"))
                // Its own log: it complains about long polls still waiting on a queue a test deleted.
                .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File("target/elasticmq.log"))).start();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("ElasticMQ exited with " + p.waitFor());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new ElasticMqProcess(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The endpoint an SQS client is pointed at. */
    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
