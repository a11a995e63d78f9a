package io.weir.runtime.connect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A connection that ends when closed or when the test makes it {@link #lose lose} its peer. */
final class FakeConnection implements StageConnection {

    final int slot;
    private final Endpoint endpoint;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    volatile boolean closedByOwner;

    FakeConnection(Endpoint endpoint, int slot) {
        this.endpoint = endpoint;
        this.slot = slot;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public CompletionStage<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        closedByOwner = true;
        terminated.complete(null);
    }

    /** The peer went away. */
    void lose(Throwable cause) {
        terminated.completeExceptionally(cause);
    }

    boolean isOpen() {
        return !terminated.isDone();
    }

    @Override
    public String toString() {
        return "conn(" + endpoint.workerNumber() + "/" + slot + ")";
    }
}
