package dev.herald.store.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy of sqlite-jdbc's native library kept in the data directory between starts. */
class NativeLibraryTest {
    @TempDir
    Path dataDir;

    @Test
    void theCopyIsTheJarsLibraryWrittenOnceAndKeptPrivate() throws Exception {
        Path file = NativeLibrary.copyIn(dataDir);
        assertThat(file).isNotNull().isRegularFile();
        assertThat(file.getFileName().toString()).isEqualTo(LibraryLoaderUtil.getNativeLibName());
        assertThat(file.getParent()).isEqualTo(dataDir.resolve(NativeLibrary.DIRECTORY));
        assertThat(Files.readAllBytes(file)).isEqualTo(jarsLibrary());
        assertThat(Files.readString(file.resolveSibling(NativeLibrary.SOURCE_FILE)).trim()).isEqualTo(jarsEntry());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(".lib")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Object written = Files.readAttributes(file, "unix:ino").get("ino");
        assertThat(NativeLibrary.copyIn(dataDir)).isEqualTo(file);
        assertThat(Files.readAttributes(file, "unix:ino").get("ino")).as("an intact copy is not written again")
                .isEqualTo(written);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(file,
                    file.resolveSibling(NativeLibrary.SOURCE_FILE));
        }
    }

    @Test
    void aDamagedCopyIsWrittenAgain() throws Exception {
        Path file = NativeLibrary.copyIn(dataDir);
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x5a; // same size, other content: another version, or a bad disk
        Files.write(file, damaged);
        assertThat(NativeLibrary.copyIn(dataDir)).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(jarsLibrary());

        Files.write(file, new byte[]{1, 2, 3}); // cut short
        NativeLibrary.copyIn(dataDir);
        assertThat(Files.readAllBytes(file)).isEqualTo(jarsLibrary());
    }

    @Test
    void aMissingOrWrongSourceIsWorkedOutAgain() throws Exception {
        Path file = NativeLibrary.copyIn(dataDir);
        Path source = file.resolveSibling(NativeLibrary.SOURCE_FILE);
        for (String wrong : new String[]{"org/sqlite/native/Nowhere/libsqlitejdbc.so\n", "", "garbage"}) {
            Files.writeString(source, wrong);
            assertThat(NativeLibrary.copyIn(dataDir)).isEqualTo(file);
            assertThat(Files.readString(source).trim()).isEqualTo(jarsEntry());
            assertThat(Files.readAllBytes(file)).isEqualTo(jarsLibrary());
        }
        Files.delete(source);
        assertThat(NativeLibrary.copyIn(dataDir)).isEqualTo(file);
        assertThat(Files.readString(source).trim()).isEqualTo(jarsEntry());
    }

    @Test
    void theOperatorsChoiceOfLibraryIsLeftAlone() {
        String path = System.getProperty(NativeLibrary.PATH_PROPERTY);
        String name = System.getProperty(NativeLibrary.NAME_PROPERTY);
        try {
            System.clearProperty(NativeLibrary.PATH_PROPERTY);
            System.setProperty(NativeLibrary.NAME_PROPERTY, "libmy-sqlite.so");
            NativeLibrary.useCopyIn(dataDir);
            assertThat(dataDir.resolve(".lib")).doesNotExist();
            assertThat(System.getProperty(NativeLibrary.PATH_PROPERTY)).isNull();
            assertThat(System.getProperty(NativeLibrary.NAME_PROPERTY)).isEqualTo("libmy-sqlite.so");
        } finally {
            restore(NativeLibrary.PATH_PROPERTY, path);
            restore(NativeLibrary.NAME_PROPERTY, name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static String jarsEntry() {
        return (LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName()).substring(1);
    }

    private static byte[] jarsLibrary() throws Exception {
        String resource = "/" + jarsEntry();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
