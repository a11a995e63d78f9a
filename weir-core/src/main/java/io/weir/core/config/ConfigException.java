package io.weir.core.config;

/** A configuration value that cannot be used; the message names the variable, the value and what was expected. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
