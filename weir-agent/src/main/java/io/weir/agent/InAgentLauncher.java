package io.weir.agent;

import io.weir.agent.process.LaunchedWorker;
import io.weir.agent.process.WorkerLauncher;
import io.weir.agent.process.WorkerStartException;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.model.ArtifactPolicy;
import io.weir.core.model.FailureKind;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.StartFailures;
import io.weir.core.worker.WorkerContext;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers in the calling JVM: loads the job class (from the artifact in its own class loader) and calls
 * {@code start} on the calling thread. The agent's {@code in-agent} mode, and what a worker process runs inside.
 */
public final class InAgentLauncher implements WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(InAgentLauncher.class);

    private final WorkerLoader loader;
    private final String host;
    private final String bindHost;
    private final String masterUrl;

    InAgentLauncher(WorkerLoader loader, String host, String bindHost, String masterUrl) {
        this.loader = loader;
        this.host = host;
        this.bindHost = bindHost;
        this.masterUrl = masterUrl;
    }

    /**
     * A launcher for a worker process: its artifact is a local jar the agent already checked against its policy and
     * digest, so it is loaded as it is.
     */
    public static InAgentLauncher local(String host, String bindHost, String masterUrl) {
        var loader = new WorkerLoader(InAgentLauncher.class.getClassLoader(), new ArtifactPolicy(java.util.List.of(), false),
                new ArtifactDownloads(ArtifactSettings.DEFAULTS));
        return new InAgentLauncher(loader, host, bindHost, masterUrl);
    }

    @Override
    public String mode() {
        return "in-agent";
    }

    @Override
    public LaunchedWorker launch(WorkerAssignment a) throws WorkerStartException {
        var thread = Thread.currentThread();
        var previous = thread.getContextClassLoader();
        URLClassLoader classLoader = null;
        RunningWorker running;
        try {
            var loaded = loader.load(a);
            classLoader = loaded.loader();
            if (classLoader != null) {
                thread.setContextClassLoader(classLoader);
            }
            running = loaded.entryPoint().start(new WorkerContext(a.jobId(), a.workerNumber(), a.stage(), a.workerIndex(),
                    a.totalStages(), a.parameters(), a.ports(), host, masterUrl, a.jobToken(), bindHost));
            if (running == null) {
                throw new WorkerLoadException("jobClass '" + a.jobClass() + "' returned null from start (expected: a RunningWorker)");
            }
        } catch (WorkerLoadException e) {
            closeLoader(classLoader);
            throw new WorkerStartException(e.getMessage(), e.kind());
        } catch (Throwable e) {
            closeLoader(classLoader);
            if (!thread.isInterrupted()) {
                log.warn("Worker {}/{} ({}) failed to start", a.jobId(), a.workerNumber(), a.jobClass(), e);
            }
            throw new WorkerStartException("start failed: " + WorkerSlot.describe(e), StartFailures.classify(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
        WorkerPorts ports;
        try {
            ports = running.ports() == null ? WorkerPorts.NONE : running.ports();
        } catch (RuntimeException e) {
            log.warn("Worker {}/{} ({}) failed to tell its ports", a.jobId(), a.workerNumber(), a.jobClass(), e);
            new InAgentWorker(a, running, WorkerPorts.NONE, classLoader).stop();
            throw new WorkerStartException("ports() failed: " + WorkerSlot.describe(e), FailureKind.TRANSIENT);
        }
        return new InAgentWorker(a, running, ports, classLoader);
    }

    private static void closeLoader(URLClassLoader classLoader) {
        if (classLoader != null) {
            try {
                classLoader.close();
            } catch (IOException e) {
                log.debug("Closing a worker's class loader: {}", e.getMessage());
            }
        }
    }

    /** A worker started in this JVM: its {@link RunningWorker} and the class loader to close after it. */
    private static final class InAgentWorker implements LaunchedWorker {

        private final WorkerAssignment assignment;
        private final RunningWorker running;
        private final WorkerPorts ports;
        private final URLClassLoader classLoader;
        private final CompletableFuture<Void> completion = new CompletableFuture<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        InAgentWorker(WorkerAssignment assignment, RunningWorker running, WorkerPorts ports, URLClassLoader classLoader) {
            this.assignment = assignment;
            this.running = running;
            this.ports = ports;
            this.classLoader = classLoader;
            CompletionStage<Void> own;
            try {
                own = running.completion();
            } catch (RuntimeException e) {
                own = null;
            }
            if (own == null) {
                log.warn("Worker {}/{} ({}) gave no completion stage; it counts as running until stopped",
                        assignment.jobId(), assignment.workerNumber(), assignment.jobClass());
                return;
            }
            own.whenComplete((v, e) -> {
                if (e == null) {
                    completion.complete(null);
                } else {
                    var kind = StartFailures.classify(e) == FailureKind.PORT_IN_USE ? FailureKind.PORT_IN_USE : FailureKind.TRANSIENT;
                    completion.completeExceptionally(new WorkerStartException(WorkerSlot.describe(e), kind));
                }
            });
        }

        @Override
        public ServiceLoad load() {
            return running.load();
        }

        @Override
        public WorkerPorts ports() {
            return ports;
        }

        @Override
        public CompletionStage<Void> completion() {
            return completion;
        }

        @Override
        public void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                running.close();
            } catch (RuntimeException e) {
                log.warn("Closing worker {}/{} failed", assignment.jobId(), assignment.workerNumber(), e);
            }
            closeLoader(classLoader);
        }
    }
}
