package io.weir.agent;

import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.executor.TaskExecutorStatusChange;
import io.weir.core.executor.WorkerRef;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends worker state changes to the master in the order they happened, batching what queued up meanwhile, on its own
 * thread ({@code weir-agent-reports-<id>}). An unanswered batch is retried with backoff until it is delivered or the
 * reporter is closed; a batch the master refuses (4xx) is logged and dropped. Results with outcome {@code unknown}
 * name workers the master no longer wants: they go to {@code onUnknown}. A 409 means this agent instance was superseded:
 * the master's sentence goes to {@code onRefused}. {@link #report} is safe from any thread.
 */
final class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
    private static final int MAX_BATCH = 1000;

    private final String agentId;
    private final String instanceId;
    private final Consumer<String> onRefused;
    private final MasterClient master;
    private final Consumer<WorkerRef> onUnknown;
    private final LinkedBlockingQueue<WorkerEvent> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object progress = new Object();
    private long queued;
    private long done;
    private volatile boolean closing;
    private volatile boolean abandon;

    StatusReporter(String agentId, String instanceId, MasterClient master, Consumer<WorkerRef> onUnknown,
                   Consumer<String> onRefused) {
        this.agentId = agentId;
        this.instanceId = instanceId;
        this.onRefused = onRefused;
        this.master = master;
        this.onUnknown = onUnknown;
        this.thread = Thread.ofVirtual().name("weir-agent-reports-" + agentId).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues one event; never blocks. */
    void report(WorkerEvent event) {
        synchronized (progress) {
            queued++;
        }
        queue.add(event);
    }

    /** Waits until every event queued so far has been delivered or dropped; false on timeout. */
    boolean flush(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            long target = queued;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private void run() {
        while (!(closing && queue.isEmpty())) {
            WorkerEvent first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            var batch = new ArrayList<WorkerEvent>();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            deliver(batch);
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
        }
    }

    private void deliver(List<WorkerEvent> batch) {
        var backoff = new ExponentialBackoff(100, 2000, 0.2).attempts(java.util.concurrent.ThreadLocalRandom.current());
        int attempt = 0;
        while (true) {
            attempt++;
            String problem;
            try {
                var answer = master.post("notifyTaskExecutorStatusChange",
                        new TaskExecutorStatusChange(agentId, batch, instanceId));
                if (answer.ok()) {
                    handle(master.read(answer, Results.class));
                    return;
                }
                if (answer.status() == 409) {
                    log.warn("The master refused {} worker event(s) from this agent instance; dropped them", batch.size());
                    onRefused.accept(master.error(answer));
                    return;
                }
                if (answer.status() == 401) {
                    problem = "the master does not know this agent's session yet (it registers again): " + master.error(answer);
                } else if (answer.status() / 100 == 4) {
                    log.warn("The master refused {} worker event(s) with {}: {}; dropped them", batch.size(), answer.status(), answer.text());
                    return;
                } else {
                    problem = "HTTP " + answer.status() + " " + answer.text();
                }
            } catch (MasterClient.MasterUnreachableException e) {
                problem = e.getMessage();
            } catch (java.io.IOException e) {
                log.warn("Unreadable answer to worker events from the master: {}", e.getMessage());
                return;
            }
            if (abandon) {
                log.warn("Dropping {} undelivered worker event(s) at shutdown (last attempt: {})", batch.size(), problem);
                return;
            }
            long delay = backoff.nextDelayMillis();
            if (attempt == 1 || attempt % 10 == 0) {
                log.warn("Reporting {} worker event(s) to the master failed (attempt {}): {}; retrying in {} ms", batch.size(), attempt, problem, delay);
            }
            try {
                synchronized (progress) {
                    progress.wait(delay);
                }
            } catch (InterruptedException e) {
                // closing: one more attempt, then the abandon check
            }
        }
    }

    private void handle(Results results) {
        if (results == null || results.results() == null) {
            return;
        }
        for (WorkerEventResult r : results.results()) {
            if (r == null || r.jobId() == null || r.workerNumber() == null) {
                continue;
            }
            if (r.outcome() == WorkerEventResult.Outcome.unknown) {
                onUnknown.accept(new WorkerRef(r.jobId(), r.workerNumber()));
            } else if (r.outcome() == WorkerEventResult.Outcome.rejected) {
                log.warn("The master rejected an event of worker {}/{}: {}", r.jobId(), r.workerNumber(), r.message());
            }
        }
    }

    /** Delivers what is queued for at most {@code flushMillis}, then drops the rest and stops the thread. */
    void close(long flushMillis) {
        try {
            if (!flush(flushMillis)) {
                log.warn("Worker events still undelivered after {} ms at shutdown", flushMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        abandon = true;
        synchronized (progress) {
            progress.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5000);
    }

    /** The master's answer to a batch. */
    record Results(List<WorkerEventResult> results) {
    }
}
