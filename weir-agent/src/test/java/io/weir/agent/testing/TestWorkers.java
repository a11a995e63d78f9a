package io.weir.agent.testing;

import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Worker entry points for tests, loaded from the agent's class path. */
public final class TestWorkers {

    private TestWorkers() {
    }

    /** Starts without ports and completes at once. */
    public static final class Completing implements WorkerEntryPoint {
        @Override
        public RunningWorker start(WorkerContext context) {
            return new Fixed(CompletableFuture.completedFuture(null), () -> null);
        }
    }

    /** Starts, then its completion fails with "boom". */
    public static final class Crashing implements WorkerEntryPoint {
        @Override
        public RunningWorker start(WorkerContext context) {
            return new Fixed(CompletableFuture.failedFuture(new IllegalStateException("boom")), () -> null);
        }
    }

    /** Fails its start with a message naming the job token it was given and its process id. */
    public static final class TokenEcho implements WorkerEntryPoint {
        @Override
        public RunningWorker start(WorkerContext context) {
            throw new IllegalStateException("token " + context.jobToken() + " in process " + ProcessHandle.current().pid());
        }
    }

    /** Has no public no-arg constructor. */
    public static final class NoDefaultConstructor implements WorkerEntryPoint {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public RunningWorker start(WorkerContext context) {
            throw new AssertionError("never started");
        }
    }

    /** A service worker in the agent's JVM that reports whatever load {@link #LOAD} holds, and runs until stopped. */
    public static final class Reporting implements WorkerEntryPoint {
        public static final AtomicReference<ServiceLoad> LOAD = new AtomicReference<>(ServiceLoad.available(0));

        @Override
        public RunningWorker start(WorkerContext context) {
            return new Fixed(new CompletableFuture<>(), LOAD::get);
        }
    }

    private record Fixed(CompletableFuture<Void> done, Supplier<ServiceLoad> reported) implements RunningWorker {
        @Override
        public WorkerPorts ports() {
            return WorkerPorts.NONE;
        }

        @Override
        public CompletionStage<Void> completion() {
            return done;
        }

        @Override
        public ServiceLoad load() {
            return reported.get();
        }

        @Override
        public void close() {
            done.complete(null);
        }
    }
}
