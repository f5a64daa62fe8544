package dev.herald.server.support;

import dev.herald.server.push.VapidKeys;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** One VAPID key pair per test run, for configurations that must be given keys (cluster mode). */
public final class TestVapid {
    public static final String PUBLIC_KEY;
    public static final String PRIVATE_KEY;
    public static final String SUBJECT = "mailto:ops@example.com";

    static {
        Properties p = new Properties();
        try {
            p.load(new StringReader(VapidKeys.generateText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PUBLIC_KEY = p.getProperty(VapidKeys.PUBLIC_KEY);
        PRIVATE_KEY = p.getProperty(VapidKeys.PRIVATE_KEY);
    }

    private TestVapid() {
    }

    /** The three settings as environment variables. */
    public static Map<String, String> env() {
        return Map.of("HERALD_VAPID_PUBLIC_KEY", PUBLIC_KEY, "HERALD_VAPID_PRIVATE_KEY", PRIVATE_KEY,
                "HERALD_VAPID_SUBJECT", SUBJECT);
    }
}
