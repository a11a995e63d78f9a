package io.weir.master.api;

/** A request refused with a given status, such as 413 for an oversize body or 503 while recovering. */
final class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpStatusException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
