package dev.herald.server.auth;

/** What a user id may be, wherever one enters the hub (token {@code sub}, publish targets, paths). */
public final class UserIds {
    public static final int MAX_LENGTH = 256;

    private UserIds() {
    }

    /**
     * 1..256 UTF-16 code units of well-formed text (no unpaired surrogate), none of them a control
     * character (C0, DEL or C1), and not {@code .} or {@code ..} (which URL paths such as
     * {@code /v1/users/{id}/presence} cannot carry as a segment). Two different ids stay two users in
     * every store: nothing here can be rewritten on the way to the database.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Utf16.isControl(id.charAt(i))) {
                return false;
            }
        }
        return Utf16.isWellFormed(id);
    }
}
