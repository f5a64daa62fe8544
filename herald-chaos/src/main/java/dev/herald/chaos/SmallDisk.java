package dev.herald.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small filesystem (tmpfs of a fixed size) under the SQLite node's data directory, so that a fault
 * can fill it to the last byte and free it again. Mounting needs root; without it the fault is
 * reported as unavailable and the node runs on the ordinary disk.
 */
final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private final Path filler;
    private boolean mounted;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code dir}, or returns null if that is not possible here. */
    static SmallDisk mount(Path dir, int megabytes) throws IOException {
        Files.createDirectories(dir);
        if (!Signals.isRoot()) {
            return null;
        }
        int status = Signals.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
        if (status != 0) {
            return null;
        }
        SmallDisk disk = new SmallDisk(dir);
        disk.mounted = true;
        return disk;
    }

    /** Writes a file until the filesystem refuses: the next write of anyone else gets ENOSPC. */
    long fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            // full; smaller writes may still fit a page or two: take them too
            try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
                byte[] small = new byte[512];
                while (true) {
                    out.write(small);
                    written += small.length;
                }
            } catch (IOException reallyFull) {
                return written;
            }
        }
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
        if (mounted) {
            mounted = false;
            Signals.run(List.of("umount", "-l", dir.toString()));
        }
    }
}
