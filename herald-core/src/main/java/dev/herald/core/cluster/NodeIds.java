package dev.herald.core.cluster;

import java.security.SecureRandom;

/** Node ids: operator-chosen (1..64 of {@code [A-Za-z0-9._-]}) or generated. */
public final class NodeIds {
    private NodeIds() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code node-} and 6 random base-36 characters: unique enough among a hub's nodes. */
    public static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("node-");
        for (int i = 0; i < 6; i++) {
            sb.append(Character.forDigit(random.nextInt(36), 36));
        }
        return sb.toString();
    }
}
