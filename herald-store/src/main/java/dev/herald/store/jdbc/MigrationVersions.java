package dev.herald.store.jdbc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Migration versions compared as Flyway compares them, without loading Flyway: {@code 1}, {@code 01},
 * {@code 1.0} and {@code 1_0} are the same version.
 */
final class MigrationVersions {
    /** A versioned SQL migration's file name: {@code V<version>__<description>.sql}. */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*?)__.*\\.sql");

    private MigrationVersions() {
    }

    /**
     * The canonical form of a version ({@code "01.2.0"} → {@code "1.2"}), or null if it is not a
     * plain dotted number.
     */
    static String canonical(String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : version.split("[._]", -1)) {
            if (part.isEmpty() || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return null;
            }
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (BigInteger part : parts) {
            sb.append(sb.length() == 0 ? "" : ".").append(part);
        }
        return sb.toString();
    }

    /** The canonical version of a versioned migration's file name, or null for any other name. */
    static String ofFileName(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        return m.matches() ? canonical(m.group(1)) : null;
    }
}
