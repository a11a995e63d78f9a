package io.weir.master.registry;

/** A registry call refused with an HTTP status, a sentence naming the fix, and optionally a stable code for clients. */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The code of a 404 for an instance the master does not know: register again. */
    public static final String UNKNOWN_INSTANCE = "unknown_instance";

    private final int status;
    private final String code;

    RegistryException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** A stable code such as {@value #UNKNOWN_INSTANCE}, or null. */
    public String code() {
        return code;
    }
}
