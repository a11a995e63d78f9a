package io.weir.agent.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.agent.InAgentLauncher;
import io.weir.core.json.Json;
import io.weir.core.model.ServiceLoad;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main class of a worker process: reads one {@link WorkerLaunch} line from stdin, starts the worker as the agent
 * would in its own JVM, and reports on stdout ({@link ControlLine}); everything else it and the job print goes to
 * stderr, which the agent keeps as the worker's log. A {@code stop} line, the end of stdin (the agent is gone, even
 * after {@code kill -9}) or SIGTERM stops the worker, within {@code weir.worker.stop.millis}, and ends the process.
 */
public final class WorkerMain {

    /** Exit code after the worker failed; an OutOfMemoryError exits with 3 (-XX:+ExitOnOutOfMemoryError). */
    static final int FAILED = 1;
    static final long LOAD_CHECK_MILLIS = 200;

    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        var control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        long stopMillis = Long.getLong("weir.worker.stop.millis", 8000);
        var stdin = new BoundedLines(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = stdin.next();
        if (first == null) {
            return;
        }
        WorkerLaunch launch;
        try {
            launch = Json.lenient().readValue(first, WorkerLaunch.class);
        } catch (IOException e) {
            control.println(ControlLine.failed(io.weir.core.model.FailureKind.PERMANENT, "unreadable worker launch: " + e.getMessage()));
            System.exit(FAILED);
            return;
        }
        var stopAsked = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().name("weir-worker-stdin").start(() -> {
            try {
                String line;
                while ((line = stdin.next()) != null) {
                    if (line.equals(ControlLine.STOP)) {
                        stopAsked.complete("stop requested by the agent");
                        return;
                    }
                }
            } catch (IOException e) {
                // the agent's end is gone: same as the end of stdin
            }
            stopAsked.complete("the agent is gone (stdin closed)");
        });
        var a = launch.assignment();
        stopAsked.thenAccept(why -> haltAfter(stopMillis));
        LaunchedWorker worker;
        try {
            worker = InAgentLauncher.local(launch.host(), launch.bindHost(), launch.masterUrl()).launch(a);
        } catch (WorkerStartException e) {
            control.println(ControlLine.failed(e.kind(), e.getMessage()));
            System.exit(FAILED);
            return;
        }
        var exiting = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exiting.set(true);
            worker.stop();
        }, "weir-worker-shutdown"));
        if (worker.load() != null) {
            control.println(ControlLine.load(Json.lenient().writeValueAsString(worker.load())));
        }
        control.println(ControlLine.started(Json.lenient().writeValueAsString(worker.ports())));
        reportLoad(worker, control);
        worker.completion().whenComplete((v, e) -> {
            if (stopAsked.isDone() || exiting.get()) {
                return;
            }
            if (e == null) {
                control.println(ControlLine.completed());
                exit(0);
                return;
            }
            var failure = e instanceof WorkerStartException w ? w : e.getCause() instanceof WorkerStartException w ? w : null;
            control.println(ControlLine.failed(failure == null ? io.weir.core.model.FailureKind.TRANSIENT : failure.kind(),
                    failure == null ? String.valueOf(e) : failure.getMessage()));
            exit(FAILED);
        });
        String why = stopAsked.join();
        exiting.set(true);
        System.err.println("Worker " + a.jobId() + "/" + a.workerNumber() + " stopping: " + why);
        worker.stop();
        System.exit(0);
    }

    /** A service worker's load goes to the agent whenever it changes (checked every {@value #LOAD_CHECK_MILLIS} ms). */
    private static void reportLoad(LaunchedWorker worker, PrintStream control) {
        if (worker.load() == null) {
            return;
        }
        var last = new AtomicReference<ServiceLoad>();
        Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("weir-worker-load").unstarted(r))
                .scheduleWithFixedDelay(() -> {
                    var now = worker.load();
                    if (now != null && !now.equals(last.get())) {
                        try {
                            control.println(ControlLine.load(Json.lenient().writeValueAsString(now)));
                            last.set(now);
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, 0, LOAD_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Exits from a thread of its own: never from a callback the shutdown hooks may be running. */
    private static void exit(int code) {
        Thread.ofPlatform().daemon().name("weir-worker-exit").start(() -> System.exit(code));
    }

    /** Ends the process after {@code millis} whatever the worker does meanwhile. */
    private static void haltAfter(long millis) {
        CompletableFuture.runAsync(() -> {
            System.err.println("Worker did not stop within " + millis + " ms; halting");
            Runtime.getRuntime().halt(FAILED);
        }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, r -> Thread.ofPlatform().daemon().start(r)));
    }
}
