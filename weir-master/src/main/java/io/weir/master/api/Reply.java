package io.weir.master.api;

/** An HTTP status and a body to render as JSON. */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, new ErrorBody(message));
    }

    /** The error shape of every endpoint: {@code {"error": "..."}}. */
    record ErrorBody(String error) {
    }
}
