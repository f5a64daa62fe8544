package dev.herald.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's own version, written into {@code herald-sdk.properties} by the build; for User-Agent. */
final class SdkVersion {
    static final String VALUE = load();

    private SdkVersion() {
    }

    private static String load() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("herald-sdk.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            // Unfiltered (run from an IDE without the build's resource step): better "dev" than "${...}".
            return v.isBlank() || v.startsWith("${") ? "dev" : v.trim();
        } catch (IOException e) {
            return "dev";
        }
    }
}
