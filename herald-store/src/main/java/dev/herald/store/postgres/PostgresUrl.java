package dev.herald.store.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL store connects, from either form of URL:
 * <ul>
 *   <li>{@code postgresql://user:password@host:5432/db?sslmode=require} (also {@code postgres://}), as
 *       libpq and most hosting providers write it: user and password are percent-decoded and passed
 *       to the driver separately; query parameters are kept on the JDBC URL;</li>
 *   <li>{@code jdbc:postgresql://host:5432/db?user=..&password=..}: used as it is.</li>
 * </ul>
 * The password never appears in {@link #toString()}, {@link #redacted()} or any error message: a
 * bad URL is reported by which part is wrong, never by echoing it.
 */
public final class PostgresUrl {
    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    /** {@code password=...} in a query string, up to the next parameter. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%-]+)(:\\d{1,5})?");

    private final String jdbcUrl;
    private final String user;
    private final String password;

    private PostgresUrl(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses either form.
     *
     * @throws IllegalArgumentException naming the missing or malformed part (never quoting the URL)
     */
    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL is empty");
        }
        String trimmed = url.trim();
        if (trimmed.regionMatches(true, 0, JDBC_PREFIX, 0, JDBC_PREFIX.length())) {
            if (trimmed.length() == JDBC_PREFIX.length()) {
                throw new IllegalArgumentException("PostgreSQL JDBC URL names no host or database");
            }
            return new PostgresUrl(JDBC_PREFIX + trimmed.substring(JDBC_PREFIX.length()), null, null);
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException(
                    "PostgreSQL URL must start with postgresql://, postgres:// or jdbc:postgresql:");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String beforeQuery = q < 0 ? rest : rest.substring(0, q);
        // The last '@' ends the credentials: an unencoded '@' in a password still parses.
        int at = beforeQuery.lastIndexOf('@');
        String credentials = at < 0 ? null : beforeQuery.substring(0, at);
        String location = beforeQuery.substring(at + 1);
        int slash = location.indexOf('/');
        String hosts = slash < 0 ? location : location.substring(0, slash);
        String database = slash < 0 ? "" : location.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("PostgreSQL URL has no host");
        }
        for (String host : hosts.split(",", -1)) {
            if (!HOST.matcher(host).matches() || !validPort(host)) {
                throw new IllegalArgumentException("PostgreSQL URL has a malformed host or port");
            }
        }
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("PostgreSQL URL has no database name (postgresql://user@host:5432/database)");
        }
        String user = null;
        String password = null;
        if (credentials != null) {
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(credentials.substring(colon + 1), "password");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("PostgreSQL URL has an empty user name");
            }
        }
        String jdbc = JDBC_PREFIX + "//" + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
        return new PostgresUrl(jdbc, user, password);
    }

    /** The URL for the JDBC driver (may itself carry user and password parameters in the JDBC form). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user from the credentials part, or null (then the JDBC URL's parameters or the driver decide). */
    public String user() {
        return user;
    }

    /** The decoded password, or null. Never log it. */
    public String password() {
        return password;
    }

    /** The same URL with one more query parameter (e.g. {@code currentSchema}). */
    public PostgresUrl withParameter(String name, String value) {
        String param = name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        return new PostgresUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + param, user, password);
    }

    /** The JDBC URL with any password parameter masked: safe for logs and error messages. */
    public String redacted() {
        return PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + redacted() + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=***") + "]";
    }

    private static boolean validPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(host.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    /** Percent-decoding as in URLs (a '+' stays a '+'), strict UTF-8. */
    private static String decode(String s, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("PostgreSQL URL has an invalid %-escape in the " + what);
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("PostgreSQL URL has %-escapes in the " + what + " that are not UTF-8");
        }
    }
}
