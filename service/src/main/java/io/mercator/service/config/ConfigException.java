package io.mercator.service.config;

/** The configuration cannot be used; the message names the setting and what is wrong. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
