package dev.herald.store.sqlite;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem for disk-full tests: a tmpfs of a few MiB mounted on a fresh directory,
 * which the test fills with a filler file and frees again. Mounting needs root (and a kernel that
 * lets this process mount): without it the test is skipped with a visible reason, except with
 * {@code CI=true} as root, where it must work and a failure to mount fails the test.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;
    private boolean closed;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code megabytes} MiB, or skips the test where that is not possible. */
    public static SmallDisk mount(int megabytes) {
        try {
            Path dir = Files.createTempDirectory("herald-small-disk");
            String failure = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
            if (failure != null) {
                Files.deleteIfExists(dir);
                boolean mustWork = "true".equals(System.getenv("CI")) && "root".equals(System.getProperty("user.name"));
                if (mustWork) {
                    throw new AssertionError("CI=true as root, but a tmpfs cannot be mounted: " + failure);
                }
                System.err.println("SKIPPED: disk-full test needs to mount a tmpfs (root): " + failure);
                Assumptions.abort("cannot mount a tmpfs here: " + failure);
            }
            return new SmallDisk(dir);
        } catch (IOException e) {
            throw new AssertionError("cannot prepare a mount point: " + e, e);
        }
    }

    /** The mounted directory. */
    public Path path() {
        return mountPoint;
    }

    /** Writes the filler until the filesystem has no space left. */
    public void fill() {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full; smaller writes to fill the last partial block
            try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
                while (true) {
                    out.write(0);
                    out.flush();
                }
            } catch (IOException alsoFull) {
                // now completely full
            }
        }
    }

    /** Deletes the filler: the space is back. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new AssertionError("cannot delete the filler: " + e, e);
        }
    }

    /** Unmounts and removes the mount point. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String failure = run("umount", "-l", mountPoint.toString());
        if (failure != null) {
            System.err.println("could not unmount " + mountPoint + ": " + failure);
            return;
        }
        try {
            Files.deleteIfExists(mountPoint);
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }

    /** Runs a command; returns null on success, else what it printed. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return command[0] + " did not finish";
            }
            return p.exitValue() == 0 ? null : command[0] + " exited " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
