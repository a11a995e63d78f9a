package io.weir.transport.config;

/** Configuration values were missing or invalid; the message names every bad variable and what it expects. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
