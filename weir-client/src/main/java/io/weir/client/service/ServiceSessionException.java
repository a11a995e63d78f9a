package io.weir.client.service;

/** A session ended with an error: the service failed it, or no worker took it in time. The message says which. */
public final class ServiceSessionException extends RuntimeException {

    private final String sessionId;

    public ServiceSessionException(String sessionId, String message) {
        super("session " + sessionId + ": " + message);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
