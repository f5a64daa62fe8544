package dev.herald.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The database holds every user's notifications: nobody but the hub's own OS user should read it.
 * A data directory Herald creates is owner-only, and so is a database file it creates; SQLite gives
 * its {@code -wal} and {@code -shm} files the database file's mode, so they follow. An existing
 * directory or file keeps the mode its operator chose. Non-POSIX file systems are left alone.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory (and missing parents) if it does not exist; the directory itself owner-only. */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile by someone else: theirs to set
        }
    }

    /** Creates an empty database file (SQLite takes an empty file as a new database) with owner-only access. */
    static void databaseFile(Path file) throws IOException {
        if (!POSIX || Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            // another opener got there first; the directory lock will sort out who runs
        }
    }
}
