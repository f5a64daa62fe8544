package dev.herald.server.config;

/** Invalid configuration: the message is one line that names the setting. Exits with code 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
