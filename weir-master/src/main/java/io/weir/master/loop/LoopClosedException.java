package io.weir.master.loop;

/** A command arrived after the control loop stopped: the master is shutting down. */
public final class LoopClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public LoopClosedException() {
        super("the master is shutting down; retry against its successor");
    }
}
