package io.weir.agent.builtin;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker that creates the file named by its parameter {@code marker} when it starts, then holds a port like
 * {@link PortHoldingWorker}: tests assert whether a worker was ever started from the file alone.
 */
public final class MarkerWorker implements WorkerEntryPoint {

    @Override
    public RunningWorker start(WorkerContext context) throws IOException {
        String marker = context.parameters().get("marker");
        if (marker == null) {
            throw new IllegalArgumentException("marker: missing (expected: the path of the file to create on start)");
        }
        Files.writeString(Path.of(marker), context.jobId() + "/" + context.workerNumber() + "\n");
        return new PortHoldingWorker().start(context);
    }
}
