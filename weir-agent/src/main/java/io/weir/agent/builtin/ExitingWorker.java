package io.weir.agent.builtin;

import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A worker that starts, then calls {@code System.exit} with the parameter {@code code} (default 42) after
 * {@code delayMillis} (default 100). For tests of isolation: in a worker process only that process ends.
 */
public final class ExitingWorker implements WorkerEntryPoint {

    @Override
    public RunningWorker start(WorkerContext context) {
        int code = Integer.parseInt(context.parameters().getOrDefault("code", "42"));
        long delay = Long.parseLong(context.parameters().getOrDefault("delayMillis", "100"));
        var completion = new CompletableFuture<Void>();
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
            if (!completion.isDone()) {
                System.exit(code);
            }
        });
        return new RunningWorker() {
            @Override
            public WorkerPorts ports() {
                return new WorkerPorts(List.of(), null, null);
            }

            @Override
            public CompletionStage<Void> completion() {
                return completion;
            }

            @Override
            public void close() {
                completion.complete(null);
            }
        };
    }
}
