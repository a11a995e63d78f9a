package io.weir.master.discovery;

/** Ends the stream of a discovery subscriber that stopped reading, so its connection can be closed. */
public final class SlowSubscriberException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SlowSubscriberException(String stream, int queued) {
        super("subscriber of " + stream + " stopped reading: " + queued + " events waiting", null, false, false);
    }
}
