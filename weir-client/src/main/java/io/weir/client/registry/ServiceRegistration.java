package io.weir.client.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.client.WeirClientException;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Lease;
import io.weir.core.registry.Registration;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance registered with the master: registers it, heartbeats at the interval the lease asks with the
 * current health and figures, registers again under the same id when the master no longer knows it (it restarted, or
 * the lease lapsed), retries with backoff and jitter while the master is unreachable, and deregisters on
 * {@link #close()}. All calls run on one thread of its own; the methods here never block except {@code close} and
 * {@link #awaitRegistered}. Thread-safe.
 */
public final class ServiceRegistration implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistration.class);

    /** Where a registration stands. */
    public enum State {
        /** Registering for the first time, or again after the master forgot the instance. */
        REGISTERING,
        /** Registered; heartbeats are being accepted. */
        REGISTERED,
        /** The master cannot be reached (or answers 5xx); retrying with backoff. */
        MASTER_UNREACHABLE,
        /** The master refused the registration for good (a 4xx such as 400 or 409); see {@link #failure()}. */
        FAILED,
        /** Closed: deregistered (or given up). */
        CLOSED
    }

    /**
     * Settings of a registration.
     *
     * @param backoff delays between retries while the master is unreachable (default 50 ms doubling to 2 s, jitter 0.5)
     * @param meters  where to count registrations and heartbeats ({@code weir_client_registry_*}); null: nowhere
     */
    public record Options(ExponentialBackoff backoff, MeterRegistry meters) {

        public static final Options DEFAULTS = new Options(new ExponentialBackoff(50, 2_000, 0.5), null);

        public Options {
            Objects.requireNonNull(backoff, "backoff");
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        public Options backoff(ExponentialBackoff delays) {
            return new Options(delays, meters);
        }

        public Options meters(MeterRegistry registry) {
            return new Options(backoff, registry);
        }
    }

    private final Registry registry;
    private final Registration registration;
    private final Options options;
    private final ExponentialBackoff.Attempts attempts;
    private final ScheduledExecutorService thread;
    private final CompletableFuture<Lease> firstLease = new CompletableFuture<>();
    private final Duration callTimeout;
    private volatile String instanceId;
    private volatile String leaseToken;
    private volatile Lease lease;
    private volatile State state = State.REGISTERING;
    private volatile WeirClientException failure;
    private volatile InstanceHealth health;
    private volatile Supplier<Map<String, Double>> figures = () -> null;
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;

    private ServiceRegistration(Registry registry, Registration registration, Options options) {
        this.registry = registry;
        this.registration = registration;
        this.options = options;
        this.instanceId = registration.instanceId() != null ? registration.instanceId() : registration.name() + "-" + randomHex(6);
        this.leaseToken = randomToken();
        this.health = registration.health();
        this.attempts = options.backoff().attempts(ThreadLocalRandom.current());
        this.callTimeout = Duration.ofMillis(Math.min(registry.http().config().requestTimeoutMillis(),
                registration.leaseTtlMs() == null ? 5_000 : Math.max(500, registration.leaseTtlMs())));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "weir-registration-" + registration.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts keeping {@code registration} registered through {@code registry}'s master; returns at once (see
     * {@link #awaitRegistered}). Throws {@link IllegalArgumentException} listing the problems of an invalid registration.
     */
    public static ServiceRegistration start(Registry registry, Registration registration, Options options) {
        Objects.requireNonNull(registry, "registry");
        var problems = Objects.requireNonNull(registration, "registration").problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        var r = new ServiceRegistration(registry, registration, Objects.requireNonNull(options, "options"));
        r.schedule(r::register, 0);
        return r;
    }

    /**
     * The instance's id: the registration's, else one chosen here ({@code name-<12 hex>}). With the lease token chosen
     * here too, a registration retried after a timeout (the master may have taken the first) is the same registration.
     */
    public String instanceId() {
        return instanceId;
    }

    public State state() {
        return state;
    }

    /** The current lease, null before the first registration. */
    public Lease lease() {
        return lease;
    }

    /** Why the master refused the registration (state {@code FAILED}), else null. */
    public WeirClientException failure() {
        return failure;
    }

    /** The health sent from now on; a change is sent at once, not at the next interval. */
    public ServiceRegistration health(InstanceHealth now) {
        var before = health;
        health = Objects.requireNonNull(now, "health");
        if (!now.equals(before) && state == State.REGISTERED) {
            reschedule(this::heartbeat, 0);
        }
        return this;
    }

    public InstanceHealth health() {
        return health;
    }

    /** What each heartbeat reports as figures (e.g. records per second); the supplier may answer null. */
    public ServiceRegistration figures(Supplier<Map<String, Double>> supplier) {
        figures = Objects.requireNonNull(supplier, "supplier");
        return this;
    }

    /** Waits until the instance is registered (true) or {@code timeout} passes or the master refused it (false). */
    public boolean awaitRegistered(Duration timeout) {
        try {
            firstLease.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void register() {
        boolean again = lease != null;
        var body = new Registration(instanceId, registration.name(), registration.type(), registration.inputTypes(),
                registration.outputTypes(), registration.endpoints(), health, registration.metadata(), registration.leaseTtlMs());
        try {
            Lease granted = registry.registerAsync(body, leaseToken).block(callTimeout);
            lease = granted;
            leaseToken = granted.leaseToken();
            instanceId = granted.instanceId();
            state = State.REGISTERED;
            attempts.reset();
            count("registrations", again ? "reregistered" : "registered");
            log.info("{} {} as {} (lease {} ms, heartbeat every {} ms)", again ? "re-registered" : "registered", registration.name(),
                    instanceId, granted.leaseTtlMs(), granted.heartbeatIntervalMs());
            firstLease.complete(granted);
            schedule(this::heartbeat, granted.heartbeatIntervalMs());
        } catch (RuntimeException e) {
            if (isRetryable(e)) {
                unreachable(e, this::register);
            } else {
                fail(e, "registering");
            }
        }
    }

    private void heartbeat() {
        try {
            Lease renewed = registry.heartbeatAsync(instanceId, lease.leaseToken(), new Heartbeat(health, figures())).block(callTimeout);
            if (state == State.MASTER_UNREACHABLE) {
                log.info("master is back; {} is still registered", instanceId);
            }
            lease = renewed;
            state = State.REGISTERED;
            attempts.reset();
            count("heartbeats", "ok");
            log.debug("heartbeat of {} ({}) accepted", instanceId, health.status());
            schedule(this::heartbeat, renewed.heartbeatIntervalMs());
        } catch (RuntimeException e) {
            if (e instanceof WeirClientException w && w.status() == 404) {
                count("heartbeats", "unknown_instance");
                log.info("master does not know {} (it restarted, or the lease lapsed): registering it again", instanceId);
                state = State.REGISTERING;
                register();
            } else if (isRetryable(e)) {
                count("heartbeats", "unreachable");
                unreachable(e, this::heartbeat);
            } else {
                fail(e, "heartbeat of " + instanceId);
            }
        }
    }

    /** The supplier's figures; a failing supplier costs the figures of one heartbeat, not the registration. */
    private Map<String, Double> figures() {
        try {
            return figures.get();
        } catch (RuntimeException e) {
            log.warn("figures of {} not sent: the supplier failed with {}", instanceId, e.toString());
            return null;
        }
    }

    private void unreachable(RuntimeException e, Runnable retry) {
        long delay = attempts.nextDelayMillis();
        if (state != State.MASTER_UNREACHABLE) {
            log.info("master unreachable while keeping {} registered ({}); retrying with backoff", label(), e.getMessage());
        }
        log.debug("retrying {} in {} ms: {}", label(), delay, e.toString());
        state = State.MASTER_UNREACHABLE;
        schedule(retry, delay);
    }

    private void fail(RuntimeException e, String what) {
        failure = e instanceof WeirClientException w ? w : new WeirClientException(0, e.toString(), e);
        state = State.FAILED;
        log.error("the master refused {} of {}: {}; not retrying", what, registration.name(), e.getMessage());
        firstLease.completeExceptionally(e);
    }

    private static boolean isRetryable(RuntimeException e) {
        if (e instanceof WeirClientException w) {
            return !w.isUserError() || w.status() == 429 || w.status() == 408;
        }
        return e.getCause() instanceof TimeoutException || e instanceof IllegalStateException;
    }

    private String label() {
        return instanceId != null ? instanceId : registration.name();
    }

    private void count(String what, String outcome) {
        if (options.meters() != null) {
            io.micrometer.core.instrument.Counter.builder("weir_client_registry_" + what + "_total")
                    .description("This instance's registry calls (" + what + "), by outcome")
                    .tags("service", registration.name(), "outcome", outcome).register(options.meters()).increment();
        }
    }

    private void schedule(Runnable step, long delayMillis) {
        if (!closed) {
            next = thread.schedule(step, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void reschedule(Runnable step, long delayMillis) {
        thread.execute(() -> {
            if (state == State.REGISTERED && !closed) {
                var pending = next;
                if (pending != null) {
                    pending.cancel(false);
                }
                schedule(step, delayMillis);
            }
        });
    }

    /** Stops heartbeating and deregisters the instance (waiting at most the call timeout for the master). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        var done = new CompletableFuture<Void>();
        try {
            thread.execute(() -> {
                closed = true;
                var pending = next;
                if (pending != null) {
                    pending.cancel(false);
                }
                try {
                    if (lease != null && state != State.FAILED) {
                        boolean known = registry.deregisterAsync(instanceId, lease.leaseToken()).block(callTimeout);
                        log.info("deregistered {}{}", instanceId, known ? "" : " (the master no longer knew it)");
                    }
                } catch (RuntimeException e) {
                    log.info("could not deregister {} ({}); its lease will lapse", instanceId, e.getMessage());
                } finally {
                    state = State.CLOSED;
                    firstLease.completeExceptionally(new IllegalStateException("closed"));
                    done.complete(null);
                }
            });
            done.get(callTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            log.debug("closing {}: {}", label(), e.toString());
        } finally {
            closed = true;
            state = State.CLOSED;
            thread.shutdownNow();
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
