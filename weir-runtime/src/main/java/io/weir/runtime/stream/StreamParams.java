package io.weir.runtime.stream;

import java.util.Map;

/** The OPEN parameters a downstream worker subscribes to an upstream worker with. */
public final class StreamParams {

    public static final String JOB = "weir.job";
    public static final String STAGE = "weir.stage";
    public static final String WORKER_INDEX = "weir.workerIndex";
    public static final String WORKER_NUMBER = "weir.workerNumber";

    private StreamParams() {
    }

    /** Parameters of a subscription by worker {@code workerNumber} at {@code workerIndex} of {@code stage}. */
    public static Map<String, String> subscribe(String jobId, int stage, int workerIndex, int workerNumber) {
        return Map.of(JOB, jobId, STAGE, String.valueOf(stage), WORKER_INDEX, String.valueOf(workerIndex),
                WORKER_NUMBER, String.valueOf(workerNumber));
    }

    static int intParam(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + ": missing (expected: a number in the subscription's OPEN parameters)");
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' (expected: a number)");
        }
    }
}
