package dev.herald.server.config;

import dev.herald.store.sqlite.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Secrets the hub makes for itself when none are configured, kept in the data dir (owner-only) so
 * they survive restarts: tokens and keys handed out yesterday still work today.
 */
final class Secrets {
    static final String JWT_SECRET_FILE = "jwt-secret";
    static final String API_KEY_FILE = "api-key";
    static final String VAPID_KEYS_FILE = "vapid-keys";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String newJwtSecret() {
        return random(48);
    }

    static String newApiKey() {
        return "hk_" + random(24);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String loadOrCreate(Path dataDir, String name, Supplier<String> generator) {
        Path file = dataDir.resolve(name);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            PrivateFiles.directory(dataDir);
            Path tmp = Files.createTempFile(dataDir, name, ".tmp");
            restrict(tmp);
            Files.writeString(tmp, generator.get() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs, so both agree.
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: HERALD_DATA_DIR (--data-dir) cannot keep " + name
                    + " in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return value;
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
    }
}
