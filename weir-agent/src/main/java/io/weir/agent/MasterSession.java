package io.weir.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.executor.HeartbeatResponse;
import io.weir.core.executor.TaskExecutorDisconnect;
import io.weir.core.executor.TaskExecutorHeartbeat;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.WorkerRef;
import io.weir.core.model.WorkerState;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's standing with the master, on one thread of its own ({@code weir-agent-<id>}), which owns every field
 * here but the volatile flags: register (retrying with backoff, logging each attempt, until the master answers),
 * then heartbeat every interval with the workers this agent runs. It registers again at once when the master does not
 * know it (heartbeat answer {@code registered:false} or 404), and after {@code maxFailedHeartbeats} heartbeats in a row
 * got no answer, or its session credential is refused (401: the master restarted and forgot it). Workers a heartbeat
 * answer lists under {@code stop} are stopped. A 409 to a registration or a heartbeat (another live agent holds this id
 * or these ports, or another instance took this id over), or a 401 to a registration (wrong cluster secret), is final:
 * the session stops and hands the master's sentence to {@code onRefused}.
 */
final class MasterSession {

    /** How often a pause between heartbeats looks for a service worker whose availability changed. */
    static final long AVAILABILITY_CHECK_MILLIS = 100;

    private static final String HEARTBEATS = "Heartbeats this agent sent the master, by result";

    private static final Logger log = LoggerFactory.getLogger(MasterSession.class);

    private final AgentConfig config;
    private final TaskExecutorRegistration registration;
    private final MasterClient master;
    private final LocalWorkers workers;
    private final Thread thread;
    private final CompletableFuture<Void> firstRegistration = new CompletableFuture<>();
    private final Counter registrations;
    private final Counter heartbeatsOk;
    private final Counter heartbeatsFailed;
    private final Object wake = new Object();
    private final java.util.function.Consumer<String> onRefused;
    private volatile boolean registered;
    private volatile boolean refused;
    private volatile boolean everRegistered;
    private volatile boolean closing;
    private int failedHeartbeats;

    MasterSession(AgentConfig config, TaskExecutorRegistration registration, MasterClient master, LocalWorkers workers,
                  MeterRegistry metrics, java.util.function.Consumer<String> onRefused) {
        this.config = config;
        this.onRefused = onRefused;
        this.registration = registration;
        this.master = master;
        this.workers = workers;
        this.thread = Thread.ofPlatform().daemon().name("weir-agent-" + registration.id()).unstarted(this::run);
        this.registrations = Counter.builder("weir.agent.registrations").description("Registrations of this agent with the master").register(metrics);
        this.heartbeatsOk = Counter.builder("weir.agent.heartbeats").description(HEARTBEATS).tag("result", "ok").register(metrics);
        this.heartbeatsFailed = Counter.builder("weir.agent.heartbeats").description(HEARTBEATS).tag("result", "failed").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("weir.agent.registered", this, s -> s.registered ? 1 : 0)
                .description("1 while the agent is registered with the master, else 0").register(metrics);
    }

    void start() {
        thread.start();
    }

    boolean registered() {
        return registered;
    }

    boolean everRegistered() {
        return everRegistered;
    }

    /**
     * Completes when the master first accepts the registration; exceptionally if it refuses it as invalid, or for good
     * ({@link AgentRefusedException}).
     */
    CompletableFuture<Void> firstRegistration() {
        return firstRegistration;
    }

    private void run() {
        var backoff = new ExponentialBackoff(100, 5000, 0.2).attempts(java.util.concurrent.ThreadLocalRandom.current());
        int attempts = 0;
        while (!closing) {
            if (!registered) {
                attempts++;
                if (register(attempts, backoff)) {
                    attempts = 0;
                    backoff.reset();
                    pauseUnlessAvailabilityChanges(config.heartbeatIntervalMillis(), workers.unavailable());
                }
                continue;
            }
            long began = System.nanoTime();
            Set<WorkerRef> unavailable = workers.unavailable();
            heartbeat();
            if (registered) {
                long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                pauseUnlessAvailabilityChanges(Math.max(1, config.heartbeatIntervalMillis() - spent), unavailable);
            }
        }
    }

    private boolean register(int attempt, ExponentialBackoff.Attempts backoff) {
        String problem;
        try {
            var answer = master.post("registerTaskExecutor", registration);
            if (answer.ok()) {
                master.session(master.sessionOf(answer));
                registered = true;
                everRegistered = true;
                failedHeartbeats = 0;
                registrations.increment();
                log.info("Registered with the master at {} as {} (cluster {}, {})", config.masterUrl(), registration.id(),
                        config.cluster(), registration.agentUrl());
                firstRegistration.complete(null);
                return true;
            }
            if (answer.status() == 409) {
                refused(master.error(answer));
                return false;
            }
            if (answer.status() == 401 || answer.status() == 403) {
                refused("the master refused this agent's cluster secret: " + master.error(answer));
                return false;
            }
            problem = "HTTP " + answer.status() + " " + answer.text();
            if (answer.status() == 400 && !firstRegistration.isDone()) {
                firstRegistration.completeExceptionally(new IllegalArgumentException(
                        "the master refused this agent's registration: " + answer.text()));
            }
        } catch (MasterClient.MasterUnreachableException e) {
            problem = e.getMessage();
        }
        long delay = backoff.nextDelayMillis();
        log.warn("Registering with the master at {} failed (attempt {}): {}; retrying in {} ms", config.masterUrl(), attempt, problem, delay);
        pause(delay);
        return false;
    }

    private void heartbeat() {
        String problem;
        try {
            var answer = master.post("heartBeatFromTaskExecutor",
                    new TaskExecutorHeartbeat(registration.id(), workers.reports(), registration.instanceId()));
            if (answer.status() == 404) {
                registerAgain("the master answered 404 to a heartbeat");
                return;
            }
            if (answer.status() == 401) {
                registerAgain("the master does not know this agent's session (" + master.error(answer) + ")");
                return;
            }
            if (answer.status() == 409) {
                refused(master.error(answer));
                return;
            }
            if (answer.ok()) {
                var response = master.read(answer, HeartbeatResponse.class);
                failedHeartbeats = 0;
                heartbeatsOk.increment();
                if (!response.registered()) {
                    registerAgain("the master does not know this agent");
                    return;
                }
                for (WorkerRef ref : response.stop()) {
                    if (workers.stop(ref, WorkerState.Completed, "stopped at the master's request")) {
                        log.info("Stopping worker {}/{}: the master no longer wants it", ref.jobId(), ref.workerNumber());
                    }
                }
                return;
            }
            problem = "HTTP " + answer.status() + " " + answer.text();
        } catch (MasterClient.MasterUnreachableException e) {
            problem = e.getMessage();
        } catch (IOException e) {
            problem = "unreadable answer: " + e.getMessage();
        }
        heartbeatsFailed.increment();
        failedHeartbeats++;
        log.warn("Heartbeat to the master failed ({} in a row): {}", failedHeartbeats, problem);
        if (failedHeartbeats >= config.maxFailedHeartbeats()) {
            registerAgain(failedHeartbeats + " heartbeats in a row failed");
        }
    }

    /** The master refuses this agent for good: stop registering and heartbeating, and say why. */
    void refused(String why) {
        if (refused) {
            return;
        }
        refused = true;
        registered = false;
        closing = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        firstRegistration.completeExceptionally(new AgentRefusedException(why));
        onRefused.accept(why);
    }

    private void registerAgain(String why) {
        log.warn("Registering again with the master: {}", why);
        registered = false;
        failedHeartbeats = 0;
    }

    /**
     * Like {@link #pause}, but ends as soon as a service worker becomes unavailable or available again (checked every
     * {@value #AVAILABILITY_CHECK_MILLIS} ms): the director and discovery hear of it with the next heartbeat, sent now.
     */
    private void pauseUnlessAvailabilityChanges(long millis, Set<WorkerRef> unavailable) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) {
            pause(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), AVAILABILITY_CHECK_MILLIS)));
            if (!workers.unavailable().equals(unavailable)) {
                return;
            }
        }
    }

    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wake) {
            long left;
            while (!closing && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops registering and heartbeating; waits for the session's thread to finish its current call. */
    void close() {
        closing = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(config.requestTimeoutMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!firstRegistration.isDone()) {
            firstRegistration.completeExceptionally(new IllegalStateException("the agent closed before it registered"));
        }
    }

    /** Tells the master this agent leaves (after its workers stopped), unless it was refused; one attempt, failures logged. */
    void disconnect() {
        if (!everRegistered || refused) {
            return;
        }
        try {
            var answer = master.post("disconnectTaskExecutor",
                    new TaskExecutorDisconnect(registration.id(), registration.instanceId()));
            if (answer.ok()) {
                log.info("Disconnected from the master at {}", config.masterUrl());
            } else {
                log.warn("The master answered {} to this agent's disconnect: {}", answer.status(), answer.text());
            }
        } catch (MasterClient.MasterUnreachableException e) {
            log.warn("Could not tell the master this agent leaves: {}", e.getMessage());
        }
        registered = false;
    }
}
