package io.weir.transport.rpc;

/** A handler's reactions to the caller's control messages; runs on a transport thread and must not block. */
public interface ControlHandler {

    /** Reacts to nothing. */
    ControlHandler NONE = new ControlHandler() { };

    /** The caller can take more records after a refused {@link ResponseSink#send}. */
    default void onReady() {
    }

    /** The caller asked to stop gracefully: finish and {@link ResponseSink#end()}. */
    default void onStop() {
    }

    /** The caller aborted: stop producing, further sends are dropped. */
    default void onKill() {
    }
}
