package dev.herald.store.jdbc;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The versions of the migrations bundled under {@code classpath:db/<location>}, listed without
 * Flyway (a directory when run from the build's classes, the jar otherwise). Anything this cannot
 * account for the way Flyway would — another kind of SQL file (repeatable, callback), a location
 * in neither a directory nor a jar — makes the answer "unknown", and Flyway then runs as always.
 */
final class BundledMigrations {
    private BundledMigrations() {
    }

    /** The canonical versions, or empty if they cannot be told for certain. */
    static Optional<Set<String>> versions(ClassLoader loader, String location) {
        String folder = "db/" + location;
        Set<String> versions = new HashSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            if (!roots.hasMoreElements()) {
                return Optional.empty();
            }
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                boolean known = switch (root.getProtocol()) {
                    case "file" -> fromDirectory(Paths.get(root.toURI()), versions);
                    case "jar" -> fromJar(root, folder + "/", versions);
                    default -> false;
                };
                if (!known) {
                    return Optional.empty();
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(versions);
    }

    private static boolean fromDirectory(Path dir, Set<String> versions) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .allMatch(file -> add(file.getFileName().toString(), versions));
        }
    }

    private static boolean fromJar(URL root, String prefix, Set<String> versions) throws IOException,
            URISyntaxException {
        // Only the jar's own path is taken from the connection; the entries are read with a plain
        // ZipFile, which shares the class loader's already-read central directory.
        URL jarFile = ((JarURLConnection) root.openConnection()).getJarFileURL();
        if (!"file".equals(jarFile.getProtocol())) {
            return false;
        }
        try (ZipFile zip = new ZipFile(Paths.get(jarFile.toURI()).toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix)
                        && !add(name.substring(name.lastIndexOf('/') + 1), versions)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Adds a versioned migration's version; false for an SQL file Flyway would treat otherwise. */
    private static boolean add(String fileName, Set<String> versions) {
        if (!fileName.endsWith(".sql")) {
            return true; // not a migration; Flyway ignores it too
        }
        String version = MigrationVersions.ofFileName(fileName);
        return version != null && versions.add(version);
    }
}
