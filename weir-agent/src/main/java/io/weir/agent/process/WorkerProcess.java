package io.weir.agent.process;

import io.weir.core.executor.WorkerAssignment;
import io.weir.core.json.Json;
import io.weir.core.model.FailureKind;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process as the agent sees it: a virtual thread copies its stderr into its log, another reads its control
 * lines and, at their end (the process exited), decides why it ended: its own failure line, completion, a stop the
 * agent asked for, running out of memory (exit code 3 and an OutOfMemoryError line in its log), a signal or an exit code.
 */
final class WorkerProcess implements LaunchedWorker {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int OOM_EXIT = 3;

    private final WorkerAssignment assignment;
    private final Process process;
    private final long stopMillis;
    private final String heap;
    private final Consumer<String> onExit;
    private final WorkerLogs logs;
    private final OutputStream stdin;
    private final CompletableFuture<WorkerPorts> started = new CompletableFuture<>();
    private volatile ServiceLoad load;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread pump;

    WorkerProcess(WorkerAssignment assignment, Process process, RotatingLog workerLog, long stopMillis, String heap,
                  Consumer<String> onExit, WorkerLogs logs) {
        this.assignment = assignment;
        this.process = process;
        this.stopMillis = stopMillis;
        this.heap = heap;
        this.onExit = onExit;
        this.logs = logs;
        this.stdin = process.getOutputStream();
        String name = assignment.jobId() + "-" + assignment.workerNumber();
        this.pump = Thread.ofVirtual().name("weir-worker-log-" + name).start(() -> pump(process.getErrorStream(), workerLog));
        Thread.ofVirtual().name("weir-worker-control-" + name).start(this::control);
    }

    /** Writes one line to the worker's stdin. */
    synchronized void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Blocks until the worker reports Started; fails with its start failure. */
    LaunchedWorker awaitStarted() throws InterruptedException, ExecutionException {
        started.get();
        return this;
    }

    @Override
    public Long pid() {
        return process.pid();
    }

    @Override
    public WorkerPorts ports() {
        return started.getNow(WorkerPorts.NONE);
    }

    @Override
    public ServiceLoad load() {
        return load;
    }

    @Override
    public CompletionStage<Void> completion() {
        return completion;
    }

    @Override
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitExit();
            return;
        }
        try {
            send(ControlLine.STOP);
        } catch (IOException e) {
            // it is already gone, or going
        }
        try {
            if (!process.waitFor(stopMillis + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("Worker process {} ({}/{}) did not stop within {} ms; terminating it", process.pid(),
                        assignment.jobId(), assignment.workerNumber(), stopMillis + 1000);
                process.destroy();
                if (!process.waitFor(1000, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            completion.handle((v, e) -> null).toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("Worker process {} ended but its output was not read in time", process.pid());
        }
        closeStdin();
    }

    private void awaitExit() {
        try {
            process.waitFor(stopMillis + 7000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void pump(InputStream err, RotatingLog workerLog) {
        byte[] buffer = new byte[8192];
        try (err; workerLog) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                workerLog.write(buffer, 0, n);
            }
        } catch (IOException e) {
            log.debug("Worker log copy ended: {}", e.getMessage());
        }
    }

    private void control() {
        ControlLine failure = null;
        boolean completed = false;
        try (var in = process.getInputStream()) {
            var lines = new BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.next()) != null) {
                var c = ControlLine.parse(line);
                if (c == null) {
                    continue;
                }
                switch (c.type()) {
                    case STARTED -> started.complete(ports(c.payload()));
                    case FAILED -> failure = c;
                    case COMPLETED -> completed = true;
                    case LOAD -> load = load(c.payload());
                }
            }
        } catch (IOException e) {
            log.debug("Control channel of worker process {} ended: {}", process.pid(), e.getMessage());
        }
        int code;
        try {
            code = process.waitFor();
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        closeStdin();
        ended(code, failure, completed);
    }

    private void ended(int code, ControlLine failure, boolean completed) {
        String cause;
        WorkerStartException error = null;
        if (failure != null) {
            cause = "failed";
            error = new WorkerStartException(failure.payload(), failure.kind());
        } else if (completed && code == 0) {
            cause = "completed";
        } else if (stopping.get()) {
            cause = "stopped";
        } else {
            var tail = logs.tail(assignment.ref(), 200).orElse(List.of());
            String oom = oomLine(tail);
            if (code == OOM_EXIT && oom != null) {
                cause = "oom";
                error = new WorkerStartException("worker process ran out of memory (" + heap + ")" + oom, FailureKind.TRANSIENT);
            } else if (code > 128) {
                cause = "signal";
                error = new WorkerStartException("worker process was killed by signal " + (code - 128) + signalName(code - 128),
                        FailureKind.TRANSIENT);
            } else {
                cause = "exit";
                String detail = started.isDone() ? " (System.exit)" : " before it started" + lastLine(tail);
                error = new WorkerStartException("worker process exited with code " + code + detail, FailureKind.TRANSIENT);
            }
        }
        log.info("Worker process {} ({}/{}) exited with code {} ({})", process.pid(), assignment.jobId(), assignment.workerNumber(), code, cause);
        onExit.accept(cause);
        if (!started.isDone()) {
            started.completeExceptionally(error != null ? error
                    : new WorkerStartException("worker process ended before it started (exit code " + code + ")", FailureKind.TRANSIENT));
        }
        if (error != null) {
            completion.completeExceptionally(error);
        } else {
            completion.complete(null);
        }
    }

    private ServiceLoad load(String json) {
        try {
            var l = Json.lenient().readValue(json, ServiceLoad.class);
            return l == null || l.sessions() < 0 ? load : l;
        } catch (IOException e) {
            log.warn("A worker process reported an unreadable load {}: {}", json, e.getMessage());
            return load;
        }
    }

    private static WorkerPorts ports(String json) {
        try {
            var p = Json.lenient().readValue(json, WorkerPorts.class);
            return p == null ? WorkerPorts.NONE : p;
        } catch (IOException e) {
            log.warn("A worker process reported unreadable ports {}: {}", json, e.getMessage());
            return WorkerPorts.NONE;
        }
    }

    /** ": Java heap space" from the last OutOfMemoryError line, "" when it names nothing, null when there is none. */
    private static String oomLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i);
            int at = line.indexOf("OutOfMemoryError");
            if (at >= 0) {
                String rest = line.substring(at + "OutOfMemoryError".length()).trim();
                return rest.startsWith(":") && rest.length() > 1 ? ": " + rest.substring(1).trim() : "";
            }
        }
        return null;
    }

    private static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                String l = tail.get(i).strip();
                return ": " + (l.length() > 300 ? l.substring(0, 300) + "..." : l);
            }
        }
        return "";
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 6 -> " (SIGABRT: the JVM crashed, see the worker's log)";
            case 11 -> " (SIGSEGV)";
            default -> "";
        };
    }
}
