package io.weir.agent.builtin;

import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A worker that starts, then after {@code delayMillis} (default 200) allocates memory until its JVM runs out
 * (OutOfMemoryError). For tests of isolation.
 */
public final class OomWorker implements WorkerEntryPoint {

    @Override
    public RunningWorker start(WorkerContext context) {
        var completion = new CompletableFuture<Void>();
        long delay = Long.parseLong(context.parameters().getOrDefault("delayMillis", "200"));
        Thread.ofPlatform().name("oom-worker").daemon().start(() -> {
            new CompletableFuture<Void>().completeOnTimeout(null, delay, java.util.concurrent.TimeUnit.MILLISECONDS).join();
            var hoard = new ArrayList<long[]>();
            while (!completion.isDone()) {
                hoard.add(new long[1 << 16]);
            }
            hoard.clear();
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
