package io.weir.runtime.stream;

import java.util.HashMap;
import java.util.Map;

/** The OPEN parameters a downstream worker subscribes to an upstream worker with. */
public final class StreamParams {

    public static final String JOB = "weir.job";
    public static final String STAGE = "weir.stage";
    public static final String WORKER_INDEX = "weir.workerIndex";
    public static final String WORKER_NUMBER = "weir.workerNumber";
    /** Which of the subscriber's connections to this upstream the stream is (0 .. {@link StageOutput#SLOTS} - 1). */
    public static final String SLOT = "weir.slot";
    /** The job's token ({@code WorkerContext.jobToken()}); absent when the cluster runs without a secret. */
    public static final String TOKEN = "weir.token";

    private StreamParams() {
    }

    /**
     * Parameters of a subscription by worker {@code workerNumber} at {@code workerIndex} of {@code stage}, carrying
     * {@code token} unless it is null; {@link #withSlot} adds the connection's slot.
     */
    public static Map<String, String> subscribe(String jobId, int stage, int workerIndex, int workerNumber, String token) {
        var params = new HashMap<String, String>();
        params.put(JOB, jobId);
        params.put(STAGE, String.valueOf(stage));
        params.put(WORKER_INDEX, String.valueOf(workerIndex));
        params.put(WORKER_NUMBER, String.valueOf(workerNumber));
        if (token != null) {
            params.put(TOKEN, token);
        }
        return Map.copyOf(params);
    }

    /** {@code subscription} for connection {@code slot}. */
    public static Map<String, String> withSlot(Map<String, String> subscription, int slot) {
        var params = new HashMap<>(subscription);
        params.put(SLOT, String.valueOf(slot));
        return Map.copyOf(params);
    }
}
