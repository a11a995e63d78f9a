package io.weir.master.director;

/** No worker of a service can take a session now; the message says why, worker by worker. */
public final class NoWorkerException extends RuntimeException {

    public NoWorkerException(String message) {
        super(message, null, false, false);
    }
}
