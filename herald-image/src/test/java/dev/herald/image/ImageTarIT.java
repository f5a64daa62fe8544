package dev.herald.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image Jib built in package (herald-image-test.tar, on the local base: no registry, no Docker
 * daemon) is a loadable image tarball, and it is the Dockerfile's image: the same user, port,
 * volume, environment, entrypoint, health check and labels, herald.jar exactly as packaged, the
 * health probe, a /data its user can write, and nothing else of the application.
 */
class ImageTarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode manifest;
    private static JsonNode config;
    /** Each layer's uncompressed bytes, in order. */
    private static final List<byte[]> layers = new ArrayList<>();
    /** The image's file system: every layer's entries, later layers over earlier ones. */
    private static final Map<String, TarEntries.Entry> files = new LinkedHashMap<>();

    @BeforeAll
    static void readImage() throws IOException {
        Path tar = TestImage.tar();
        Map<String, TarEntries.Entry> outer = TarEntries.read(tar, Long.MAX_VALUE);
        manifest = JSON.readTree(outer.get("manifest.json").content());
        assertThat(manifest.size()).isEqualTo(1);
        config = JSON.readTree(outer.get(manifest.get(0).get("Config").asText()).content());
        for (JsonNode layer : manifest.get(0).get("Layers")) {
            TarEntries.Entry blob = outer.get(layer.asText());
            assertThat(blob).as("layer %s in the tarball", layer).isNotNull();
            byte[] plain = new GZIPInputStream(new ByteArrayInputStream(blob.content())).readAllBytes();
            layers.add(plain);
            files.putAll(TarEntries.read(new ByteArrayInputStream(plain), 0));
        }
    }

    @Test
    void everyLayerMatchesTheDigestTheConfigNames() throws Exception {
        JsonNode diffIds = config.get("rootfs").get("diff_ids");
        assertThat(layers).hasSize(diffIds.size()).hasSizeGreaterThan(1);
        for (int i = 0; i < layers.size(); i++) {
            String digest = "sha256:" + sha256(layers.get(i));
            assertThat(digest).as("layer %d's uncompressed digest (what docker load and podman load check)", i)
                    .isEqualTo(diffIds.get(i).asText());
        }
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("herald:test");
        assertThat(config.get("os").asText()).isEqualTo("linux");
    }

    @Test
    void theImageHoldsHeraldJarAsPackagedTheProbeAndAWritableData() throws Exception {
        Path jar = Path.of(System.getProperty("herald.root"), "herald-server/target/herald.jar");
        TarEntries.Entry inImage = files.get("app/herald.jar");
        assertThat(inImage).as("/app/herald.jar").isNotNull();
        assertThat(inImage.size()).isEqualTo(Files.size(jar));
        assertThat(inImage.sha256()).isEqualTo(sha256(Files.readAllBytes(jar)));
        assertThat(files).containsKey("app/classes/dev/herald/image/HealthProbe.class");
        // Nothing else of the application: the jar has every dependency.
        assertThat(files.keySet()).noneMatch(name -> name.startsWith("app/libs/") && name.endsWith(".jar"));
        // /data: a directory the non-root user can write (Jib cannot chown, so by its mode).
        TarEntries.Entry data = files.get("data/");
        assertThat(data).as("/data in the image").isNotNull();
        assertThat(data.isDirectory()).isTrue();
        assertThat(data.mode() & 0777).isEqualTo(0777);
        // The base's Java runtime, where the entrypoint's "java" is found (PATH).
        assertThat(files).containsKey("opt/java/openjdk/bin/java");
        assertThat(env().get("PATH")).startsWith("/opt/java/openjdk/bin:");
    }

    @Test
    void theContainerConfigIsTheDockerfiles() throws IOException {
        DockerfileStage dockerfile = DockerfileStage.read(Path.of(System.getProperty("herald.root"), "Dockerfile"));
        JsonNode c = config.get("config");

        assertThat(dockerfile.from()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(c.get("User").asText()).isEqualTo(dockerfile.user()).isEqualTo("10001:10001");
        assertThat(fieldNames(c.get("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(dockerfile.exposedPorts()).containsExactly("8080");
        assertThat(fieldNames(c.get("Volumes"))).containsExactlyElementsOf(dockerfile.volumes()).containsExactly("/data");
        assertThat(strings(c.get("Entrypoint"))).isEqualTo(dockerfile.entrypoint())
                .containsExactly("java", "-XX:MaxNewSize=64m", "-XX:MetaspaceSize=64m", "-XX:TrimNativeHeapInterval=5000", "-jar", "/app/herald.jar");
        assertThat(c.has("Cmd") && !c.get("Cmd").isNull() && c.get("Cmd").size() > 0).as("no default arguments").isFalse();

        Map<String, String> env = env();
        assertThat(env).containsAllEntriesOf(dockerfile.env());
        assertThat(dockerfile.env()).containsEntry("HERALD_HOST", "0.0.0.0").containsEntry("HERALD_DATA_DIR", "/data");

        Map<String, String> labels = new LinkedHashMap<>();
        c.get("Labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        assertThat(labels).isEqualTo(dockerfile.labels());

        // The health check: Jib takes it from the base image (it cannot set one), the Dockerfile sets it.
        JsonNode health = c.get("Healthcheck");
        assertThat(health).as("HEALTHCHECK in the image").isNotNull();
        List<String> test = strings(health.get("Test"));
        assertThat(test.get(0)).isEqualTo("CMD");
        assertThat(test.subList(1, test.size())).isEqualTo(dockerfile.healthcheck());
        assertThat(Duration.ofNanos(health.get("Interval").asLong())).isEqualTo(dockerfile.healthOptions().get("interval"));
        assertThat(Duration.ofNanos(health.get("Timeout").asLong())).isEqualTo(dockerfile.healthOptions().get("timeout"));
        assertThat(Duration.ofNanos(health.get("StartPeriod").asLong())).isEqualTo(dockerfile.healthOptions().get("start-period"));
        assertThat(health.get("Retries").asInt()).isEqualTo(dockerfile.healthRetries());
        assertThat(dockerfile.healthcheck()).contains("/app/classes", HealthProbe.class.getName());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : config.get("config").get("Env")) {
            String[] kv = entry.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        }
        return env;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
