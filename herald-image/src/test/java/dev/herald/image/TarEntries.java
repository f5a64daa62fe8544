package dev.herald.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a tar archive (plain or gzipped) into its entries: the name, mode, type and, for files, the
 * bytes' size and SHA-256. Enough of ustar, PAX and GNU long names for image tarballs (Jib writes
 * PAX headers); the tests read images with it instead of relying on a tar binary.
 */
final class TarEntries {
    private static final int BLOCK = 512;

    /** One entry; {@code sha256} is empty for anything but a regular file. */
    record Entry(String name, int mode, int uid, char type, long size, String sha256, byte[] content) {
        boolean isDirectory() {
            return type == '5';
        }
    }

    private TarEntries() {
    }

    /** Every entry by name (without a leading "./"), in archive order; contents kept up to {@code keepBytes}. */
    static Map<String, Entry> read(Path file, long keepBytes) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return read(raw, keepBytes);
        }
    }

    static Map<String, Entry> read(InputStream in, long keepBytes) throws IOException {
        InputStream stream = in.markSupported() ? in : new BufferedInputStream(in);
        stream.mark(2);
        int magic = stream.read() | (stream.read() << 8);
        stream.reset();
        if (magic == GZIPInputStream.GZIP_MAGIC) {
            stream = new BufferedInputStream(new GZIPInputStream(stream));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (stream.readNBytes(header, 0, BLOCK) == BLOCK && !allZero(header)) {
            String name = string(header, 0, 100);
            String prefix = string(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(header, 100, 8);
            int uid = (int) octal(header, 108, 8);
            long size = octal(header, 124, 12);
            char type = header[156] == 0 ? '0' : (char) header[156];
            Body body = body(stream, size, type, keepBytes);
            byte[] data = body.data();
            if (type == 'x' || type == 'L') {
                // A PAX header's "path=" or a GNU long name applies to the next entry.
                String text = new String(data, StandardCharsets.UTF_8);
                longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                continue;
            }
            if (type == 'g') {
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            String sha = type == '0' ? HexFormat.of().formatHex(body.sha256()) : "";
            name = name.startsWith("./") ? name.substring(2) : name;
            if (!name.isEmpty()) {
                entries.put(name, new Entry(name, mode, uid, type, size, sha, size <= keepBytes ? data : null));
            }
        }
        return entries;
    }

    private record Body(byte[] data, byte[] sha256) {
    }

    /** Reads an entry's bytes (and padding), hashing them; keeps them when small or a header. */
    private static Body body(InputStream in, long size, char type, long keepBytes) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        boolean keep = size <= keepBytes || type == 'x' || type == 'L';
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("tar entry cut short");
            }
            sha.update(buffer, 0, n);
            if (keep) {
                kept.write(buffer, 0, n);
            }
            left -= n;
        }
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.readNBytes((int) padding);
        return new Body(kept.toByteArray(), sha.digest());
    }

    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String text = string(header, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }
}
