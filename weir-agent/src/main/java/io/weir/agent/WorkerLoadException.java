package io.weir.agent;

/** A worker's code could not be loaded or instantiated; the message names the cause and the fix. */
final class WorkerLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    WorkerLoadException(String message) {
        super(message, null, false, false);
    }

    WorkerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
