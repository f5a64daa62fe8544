package dev.herald.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * sqlite-jdbc's native library, kept in the data directory between starts. Left to itself,
 * sqlite-jdbc writes its library (about 1 MB) from its jar to {@code java.io.tmpdir} on every start,
 * reads it back to compare, and loads that copy: tens of milliseconds of each start, and a stale copy
 * left in the temp directory by every killed process. Instead, the store keeps one copy in
 * {@code <dataDir>/.lib/sqlite-jdbc/}, checks its size and CRC-32 against the jar's entry on every
 * start (a few milliseconds), writes it again when they differ (a damaged copy, another sqlite-jdbc
 * version), and points sqlite-jdbc at it with {@code org.sqlite.lib.path} and
 * {@code org.sqlite.lib.name} before its first connection. Which of the jar's libraries fits this
 * platform is worked out once (sqlite-jdbc's own probe lists the process's mapped files, which is
 * slow) and kept beside the copy in {@code source}.
 *
 * <p>It never stands in the way: if the operator set either property, or anything here fails, nothing
 * is set and sqlite-jdbc extracts as before; if the copy cannot be loaded (a {@code noexec} mount, a
 * data directory moved to another platform), sqlite-jdbc logs that and extracts it to the temp
 * directory as before.
 */
final class NativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    /** Where the copy lives, inside the data directory. */
    static final String DIRECTORY = ".lib/sqlite-jdbc";
    /** Beside the copy: the name of the jar entry it was copied from. */
    static final String SOURCE_FILE = "source";
    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);

    private NativeLibrary() {
    }

    /**
     * Points sqlite-jdbc at a verified copy in {@code dataDir}, once per JVM (a loaded library stays
     * loaded), unless the operator chose a library path or name.
     */
    static synchronized void useCopyIn(Path dataDir) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        try {
            Path file = copyIn(dataDir);
            if (file != null) {
                System.setProperty(PATH_PROPERTY, file.getParent().toAbsolutePath().toString());
                System.setProperty(NAME_PROPERTY, file.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            log.debug("keeping sqlite-jdbc's own extraction of its native library: {}", e.toString());
        }
    }

    /**
     * Makes sure {@code dataDir} holds an intact copy of the library sqlite-jdbc would extract for
     * this platform, and returns it; null if the driver's jar does not hold one (then sqlite-jdbc
     * looks for it itself).
     */
    static Path copyIn(Path dataDir) throws IOException {
        Path jar = driverJar();
        if (jar == null) {
            return null;
        }
        Path dir = dataDir.resolve(DIRECTORY);
        Path source = dir.resolve(SOURCE_FILE);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String known = readSource(source);
            ZipEntry entry = known == null ? null : zip.getEntry(known);
            if (entry == null) {
                entry = zip.getEntry(entryForThisPlatform());
            }
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
                return null;
            }
            String name = entry.getName();
            Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
            if (name.equals(known) && intact(file, entry.getSize(), entry.getCrc())) {
                return file;
            }
            PrivateFiles.directory(dir.getParent());
            PrivateFiles.directory(dir);
            write(zip, entry, file);
            Files.writeString(source, name + "\n", StandardCharsets.UTF_8);
            log.debug("sqlite-jdbc's native library copied to {}", file);
            return file;
        }
    }

    /** The jar sqlite-jdbc's classes come from, or null if they do not come from a jar file. */
    private static Path driverJar() throws IOException {
        URL url = SQLiteJDBCLoader.class.getResource("SQLiteJDBCLoader.class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            return null;
        }
        URL jarFile = ((JarURLConnection) url.openConnection()).getJarFileURL();
        if (!"file".equals(jarFile.getProtocol())) {
            return null;
        }
        try {
            return Paths.get(jarFile.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The jar entry sqlite-jdbc itself would extract here (its probe of the platform). */
    private static String entryForThisPlatform() {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        return resource.startsWith("/") ? resource.substring(1) : resource;
    }

    private static String readSource(Path source) {
        try {
            String name = Files.readString(source, StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? null : name;
        } catch (IOException e) {
            return null;
        }
    }

    /** True if {@code file} has exactly this size and CRC-32. */
    static boolean intact(Path file, long size, long crc) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != size) {
                return false;
            }
            try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(file), new CRC32())) {
                in.transferTo(OutputStream.nullOutputStream());
                return in.getChecksum().getValue() == crc;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the entry next to {@code file}, checks it, then moves it into place in one step. */
    private static void write(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!intact(tmp, entry.getSize(), entry.getCrc())) {
                throw new IOException("the copy of " + entry.getName() + " does not match the jar's");
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // readable by its owner already
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
