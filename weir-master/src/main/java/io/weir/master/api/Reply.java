package io.weir.master.api;

/** An HTTP status and a body to render as JSON. */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, new ErrorBody(message, null));
    }

    /** An error with a stable {@code code} a client may branch on, such as {@code unknown_instance}. */
    static Reply error(int status, String code, String message) {
        return new Reply(status, new ErrorBody(message, code));
    }

    /** The error shape of every endpoint: {@code {"error": "..."}}, with {@code "code"} where a client needs one. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ErrorBody(String error, String code) {
    }
}
