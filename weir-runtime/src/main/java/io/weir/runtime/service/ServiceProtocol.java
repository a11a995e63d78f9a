package io.weir.runtime.service;

/**
 * The wire contract of a service worker (see docs/protocol.md, "Streaming services"): the endpoint, the reserved
 * request parameters and the error codes that start the message of a failed response.
 */
public final class ServiceProtocol {

    /** The endpoint every service worker serves on its request planes. */
    public static final String ENDPOINT = "service";
    /** Parameter: the session's id, chosen by the caller (a new one is made up when absent). */
    public static final String SESSION = "session";
    /** Parameter: the position of the first response wanted; absent or 0 for a new session. */
    public static final String FROM = "from";
    /** Parameter: the session's time budget in milliseconds from its arrival; absent: no deadline. */
    public static final String TIMEOUT_MILLIS = "timeoutMillis";
    /** Parameter: the job's read token (its sink token), required when the job has a token; never shown to the handler. */
    public static final String TOKEN = "token";

    /** The worker takes no new sessions now: {@code UNAVAILABLE: <reason> (retry another worker)}. */
    public static final String UNAVAILABLE = "UNAVAILABLE";
    /** A resume position above 0 for a handler that is not resumable. */
    public static final String NOT_RESUMABLE = "NOT_RESUMABLE";
    /** A reserved parameter has a bad value. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    /** The session's deadline passed before its last response. */
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    /** The handler failed. */
    public static final String FAILED = "FAILED";
    /** The request carried no token, or not this job's. */
    public static final String FORBIDDEN = "FORBIDDEN";

    private ServiceProtocol() {
    }

    /** The refusal message of an unavailable worker. */
    public static String unavailable(String reason) {
        return UNAVAILABLE + ": " + reason + " (retry another worker)";
    }
}
