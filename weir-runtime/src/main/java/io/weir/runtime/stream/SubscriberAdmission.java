package io.weir.runtime.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.security.JobTokens;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which subscription OPENs a worker's output serves: only its own job's next stage, at a worker index inside
 * that stage's size as discovery last said, as the worker number discovery lists at that index (when it lists one),
 * with the job's token (when the cluster has a secret; compared in constant time). Refusals are counted by reason and
 * logged at WARN at most once per {@link #LOG_INTERVAL_NANOS}. {@link #identify} decides at once what needs no
 * discovery; {@link #unconfirmed} the rest, which the owner may hold until discovery catches up. Nothing is allocated
 * for a claimed index.
 * Thread-safe: {@link #admit} runs on event loops, {@link #nextStage} on the discovery thread.
 */
public final class SubscriberAdmission {

    /** Who a stream is for, once admitted. */
    record Subscriber(int workerIndex, int workerNumber, int slot) {
    }

    /** The next stage as discovery last described it: its size and the worker numbers it lists per index. */
    private record NextStage(int size, Map<Integer, Set<Integer>> numbersByIndex) {
    }

    private static final Logger log = LoggerFactory.getLogger(SubscriberAdmission.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_SHOWN = 40;

    private final String jobId;
    private final int stage;
    private final String token;
    private final int slots;
    private final OutputGuardMetrics metrics;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();
    private volatile NextStage next;

    /**
     * Admission to the output of {@code stage} of {@code jobId}; {@code token} is the job's token, null when the
     * cluster runs without a secret (no token is asked for then); subscribers open at most {@code slots} streams each.
     */
    public SubscriberAdmission(String jobId, int stage, String token, int slots, MeterRegistry registry) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.stage = stage;
        this.token = token;
        this.slots = slots;
        this.metrics = new OutputGuardMetrics(Objects.requireNonNull(registry, "registry"));
        if (slots <= 0) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: > 0)");
        }
    }

    /** What discovery says of the next stage now. Any thread. */
    public void nextStage(WorkerAssignments assignments) {
        var byIndex = new HashMap<Integer, Set<Integer>>();
        for (WorkerHost h : assignments.hosts().values()) {
            byIndex.computeIfAbsent(h.workerIndex(), i -> new HashSet<>()).add(h.workerNumber());
        }
        next = new NextStage(assignments.numWorkers(), Map.copyOf(byIndex));
    }

    OutputGuardMetrics metrics() {
        return metrics;
    }

    /**
     * The subscriber {@code params} describe if its token, job, stage and numbers are right, or a {@link Refusal}
     * saying what is wrong; {@link #confirm} then checks it against discovery.
     */
    Subscriber identify(Map<String, String> params) {
        try {
            return check(params);
        } catch (Refusal r) {
            throw refused(r);
        }
    }

    /**
     * Null when discovery has {@code s}'s worker index and number in the next stage, else why not (uncounted: discovery
     * may only be behind, so the owner holds the OPEN and asks again at the next change, and counts the refusal with
     * {@link #refused} only when it gives up).
     */
    Refusal unconfirmed(Subscriber s) {
        try {
            against(next, s);
            return null;
        } catch (Refusal r) {
            return r;
        }
    }

    /** Counts and logs a refusal decided outside this class, e.g. a held OPEN that discovery did not confirm in time. */
    Refusal refused(Refusal r) {
        metrics.refused(r.reason());
        warn(r);
        return r;
    }

    private Subscriber check(Map<String, String> params) {
        if (token != null && !JobTokens.same(token, params.get(StreamParams.TOKEN))) {
            throw new Refusal(Refusal.Reason.TOKEN, params.get(StreamParams.TOKEN) == null
                    ? "no " + StreamParams.TOKEN + ": this worker serves only subscribers with its job's token"
                    : StreamParams.TOKEN + ": not this job's token");
        }
        String job = params.get(StreamParams.JOB);
        if (!jobId.equals(job)) {
            throw new Refusal(Refusal.Reason.JOB, StreamParams.JOB + ": " + shown(job) + " (expected: " + jobId + ")");
        }
        int claimedStage = number(params, StreamParams.STAGE);
        if (claimedStage != stage + 1) {
            throw new Refusal(Refusal.Reason.STAGE, StreamParams.STAGE + ": " + claimedStage + " (expected: " + (stage + 1)
                    + ", the stage after this worker's)");
        }
        int index = number(params, StreamParams.WORKER_INDEX);
        int number = number(params, StreamParams.WORKER_NUMBER);
        int slot = number(params, StreamParams.SLOT);
        if (slot >= slots) {
            throw new Refusal(Refusal.Reason.MALFORMED, StreamParams.SLOT + ": " + slot + " (expected: 0.." + (slots - 1) + ")");
        }
        return new Subscriber(index, number, slot);
    }

    private void against(NextStage n, Subscriber s) {
        if (n == null) {
            throw new Refusal(Refusal.Reason.NOT_READY, "this worker has not heard from discovery yet; subscribe again shortly");
        }
        int index = s.workerIndex();
        int number = s.workerNumber();
        if (index >= n.size()) {
            throw new Refusal(Refusal.Reason.INDEX, StreamParams.WORKER_INDEX + ": " + index + " (expected: 0.." + (n.size() - 1)
                    + ", stage " + (stage + 1) + " has " + n.size() + " workers as discovery says)");
        }
        Set<Integer> listed = n.numbersByIndex().get(index);
        if (listed != null && !listed.contains(number)) {
            throw new Refusal(Refusal.Reason.WORKER_NUMBER, StreamParams.WORKER_NUMBER + ": " + number + " (expected: "
                    + listed + ", the worker discovery lists at index " + index + ")");
        }
    }

    private static int number(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new Refusal(Refusal.Reason.MALFORMED, name + ": missing (expected: a number >= 0)");
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Refusal(Refusal.Reason.MALFORMED, name + ": " + shown(v) + " (expected: a number >= 0)");
    }

    private static String shown(String v) {
        if (v == null) {
            return "missing";
        }
        return "'" + (v.length() <= MAX_SHOWN ? v : v.substring(0, MAX_SHOWN) + "…") + "'";
    }

    private void warn(Refusal r) {
        long now = System.nanoTime();
        long at = nextLogNanos.get();
        if (now - at < 0 || !nextLogNanos.compareAndSet(at, now + LOG_INTERVAL_NANOS)) {
            unlogged.incrementAndGet();
            return;
        }
        long more = unlogged.getAndSet(0);
        log.warn("Refused a subscription to stage {} of {} ({}): {}{}", stage, jobId, r.reason().tag(), r.getMessage(),
                more > 0 ? " (" + more + " more refused since the last such line)" : "");
    }
}
