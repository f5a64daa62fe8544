package dev.herald.image;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image tarball Jib built for the tests in package (profile test-image). It is built on Linux
 * only (its local base is cut from a Linux JDK); elsewhere the image tests skip and say so, except
 * with {@code CI=true}.
 */
final class TestImage {
    private TestImage() {
    }

    static Path tar() {
        Path tar = Path.of(System.getProperty("image.tar"));
        boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
        if (!Files.exists(tar) && !linux && !"true".equalsIgnoreCase(System.getenv("CI"))) {
            System.err.println("[herald-image] no test image on " + System.getProperty("os.name")
                    + ": it is built on Linux only; skipping");
            Assumptions.abort("the test image is built on Linux only");
        }
        assertThat(tar).as("the image Jib builds in package (profile test-image)").isRegularFile();
        return tar;
    }
}
