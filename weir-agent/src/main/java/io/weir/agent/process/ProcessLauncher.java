package io.weir.agent.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.json.Json;
import io.weir.core.model.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each worker in a JVM of its own ({@link WorkerMain}): the agent resolves the artifact to a local file first,
 * the child gets the assignment on stdin and reports Started with its ports on stdout; its stderr becomes the worker's
 * log ({@link WorkerLogs}). Metrics: {@code weir.agent.worker.process.starts}, {@code weir.agent.worker.process.exits}
 * by {@code cause}.
 */
public final class ProcessLauncher implements WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);

    /** Turns an assignment's artifact into a local jar (downloading it when it is a URL). */
    @FunctionalInterface
    public interface Artifacts {
        Path resolve(WorkerAssignment assignment) throws WorkerStartException;
    }

    private final WorkersConfig config;
    private final WorkerLogs logs;
    private final Artifacts artifacts;
    private final String host;
    private final String bindHost;
    private final String masterUrl;
    private final CpuCgroup cgroup = CpuCgroup.detect();
    private final Counter starts;
    private final MeterRegistry metrics;
    private final ConcurrentHashMap<String, Counter> exits = new ConcurrentHashMap<>();

    public ProcessLauncher(WorkersConfig config, WorkerLogs logs, Artifacts artifacts, String host, String bindHost, String masterUrl,
                           MeterRegistry metrics) {
        this.config = config;
        this.logs = logs;
        this.artifacts = artifacts;
        this.host = host;
        this.bindHost = bindHost;
        this.masterUrl = masterUrl;
        this.metrics = metrics;
        this.starts = Counter.builder("weir.agent.worker.process.starts").description("Worker processes started").register(metrics);
    }

    @Override
    public String mode() {
        return WorkersConfig.Mode.PROCESS.label();
    }

    @Override
    public LaunchedWorker launch(WorkerAssignment a) throws WorkerStartException, InterruptedException {
        Path jar = a.artifact() == null || a.artifact().isBlank() ? null : artifacts.resolve(a);
        var local = new WorkerAssignment(a.jobId(), a.workerNumber(), a.stage(), a.workerIndex(), a.totalStages(), a.jobClass(),
                jar == null ? null : jar.toAbsolutePath().toString(), a.parameters(), a.ports(), null, a.jobToken(),
                a.cpuCores(), a.memoryMB());
        var command = JvmCommand.of(a.memoryMB(), a.cpuCores(), config.stopTimeoutMillis());
        RotatingLog workerLog;
        Process process;
        try {
            workerLog = logs.open(a.ref());
        } catch (IOException e) {
            throw new WorkerStartException("cannot create the worker's log in " + logs.dirOf(a.ref()) + ": " + e.getMessage(), FailureKind.TRANSIENT);
        }
        try {
            process = new ProcessBuilder(command).directory(logs.dirOf(a.ref()).toFile()).start();
        } catch (IOException e) {
            closeQuietly(workerLog);
            logs.ended(a.ref());
            throw new WorkerStartException("cannot start a worker process (" + command.get(0) + "): " + e.getMessage(), FailureKind.TRANSIENT);
        }
        starts.increment();
        Path group = cgroup.cap("weir-worker-" + process.pid(), process.pid(), a.cpuCores());
        var worker = new WorkerProcess(a, process, workerLog, config.stopTimeoutMillis(), JvmCommand.heap(a.memoryMB()), (cause) -> {
            cgroup.remove(group);
            logs.ended(a.ref());
            exits.computeIfAbsent(cause, c -> Counter.builder("weir.agent.worker.process.exits").tag("cause", c)
                    .description("Worker processes that ended, by cause").register(metrics)).increment();
        }, logs);
        log.debug("Worker {}/{} runs as process {}: {}", a.jobId(), a.workerNumber(), process.pid(), command);
        try {
            worker.send(Json.lenient().writeValueAsString(new WorkerLaunch(local, host, bindHost, masterUrl)));
            return worker.awaitStarted();
        } catch (InterruptedException e) {
            worker.stop();
            throw e;
        } catch (IOException e) {
            worker.stop();
            throw new WorkerStartException("cannot talk to the worker process: " + e.getMessage(), FailureKind.TRANSIENT);
        } catch (ExecutionException e) {
            worker.stop();
            throw e.getCause() instanceof WorkerStartException w ? w
                    : new WorkerStartException("worker process failed: " + e.getCause(), FailureKind.TRANSIENT);
        }
    }

    private static void closeQuietly(RotatingLog workerLog) {
        try {
            workerLog.close();
        } catch (IOException e) {
            // nothing was written
        }
    }
}
