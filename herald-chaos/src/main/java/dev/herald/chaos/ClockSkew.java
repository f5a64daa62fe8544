package dev.herald.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** libfaketime, which runs one process with its wall clock shifted (Debian's package faketime). */
final class ClockSkew {
    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"));

    private ClockSkew() {
    }

    /** The library, or null when it is not installed. */
    static Path library() {
        return CANDIDATES.stream().filter(Files::isReadable).findFirst().orElse(null);
    }
}
