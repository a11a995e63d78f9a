package io.weir.core.worker;

import io.weir.core.model.ServiceLoad;

import io.weir.core.model.WorkerPorts;
import java.util.concurrent.CompletionStage;

/** A started worker: its bound ports, a stage that completes when it ends (exceptionally when it fails), and a stop. */
public interface RunningWorker extends AutoCloseable {

    /** The ports the worker has bound and accepts connections on. */
    WorkerPorts ports();

    /** Completes when the worker ends by itself; completes exceptionally when it fails. */
    CompletionStage<Void> completion();

    /** A service worker's sessions and availability for the director; null for a worker that is no service. */
    default ServiceLoad load() {
        return null;
    }

    /** Stops the worker and releases its ports; idempotent. */
    @Override
    void close();
}
