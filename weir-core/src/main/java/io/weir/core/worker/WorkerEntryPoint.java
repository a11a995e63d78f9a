package io.weir.core.worker;

/**
 * How an agent starts the code of a job cluster's {@code jobClass}: the class implements this and has a public no-arg
 * constructor. {@link #start} returns only once the worker's data port is bound, so the agent reports Started then.
 */
public interface WorkerEntryPoint {

    RunningWorker start(WorkerContext context) throws Exception;
}
