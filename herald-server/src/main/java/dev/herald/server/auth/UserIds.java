package dev.herald.server.auth;

/** What a user id may be, wherever one enters the hub (token {@code sub}, publish targets, paths). */
public final class UserIds {
    public static final int MAX_LENGTH = 256;

    private UserIds() {
    }

    /**
     * 1..256 characters, none of them control characters, and not {@code .} or {@code ..} (which URL
     * paths such as {@code /v1/users/{id}/presence} cannot carry as a segment).
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
