package io.weir.client.service;

import io.weir.client.WeirClientException;
import io.weir.client.service.ServiceSessionEvent.Kind;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.ServiceAssignment;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.runtime.service.ServiceEnvelope;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.transport.TransportException;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.nats.NatsRpcClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

/**
 * One logical session of a streaming service: a request whose responses arrive exactly once and in order although the
 * workers serving them may fail. The director chooses the worker (or this client, from discovery: {@link Routing}); a
 * lost connection is noticed at once and a hung
 * worker by its missed pings (see {@link ServiceClient}); the session then goes at once to the standby the last answer
 * named (telling the director, which brings a new standby), or asks the director again, naming the failed worker, and
 * re-sends the request with the position after the last response delivered, so a resumable service goes
 * on where it stopped (responses already delivered are dropped if sent again). A service that cannot resume starts over
 * from position 0, and the application is told ({@link Kind#RESTARTED}, {@link ServiceResponse#restarts()}).
 * {@link #responses()} may be subscribed once; it starts the session. All state changes run on the client's session
 * thread.
 */
public final class ServiceSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSession.class);
    private static final int MAX_CREDIT = 1 << 20;

    private final ServiceClient owner;
    private final String cluster;
    private final String id;
    private final byte[] body;
    private final Map<String, String> parameters;
    private final Duration failoverTimeout;
    private final Routing routing;
    private final ExponentialBackoff.Attempts retries;
    private final Sinks.Many<ServiceSessionEvent> events = Sinks.many().replay().limit(1_000);
    private final AtomicBoolean subscribed = new AtomicBoolean();

    private FluxSink<ServiceResponse> sink;
    private long expected;
    private long demand;
    private int restarts;
    private long generation;
    private Call call;
    private ServiceAssignment serving;
    /** Where the session goes at once if its worker fails, as the last answer named (null: ask first). */
    private ServiceAssignment standby;
    /** The worker this session counts on in the client's loads, until it leaves it. */
    private ServiceAssignment held;
    private boolean awaitingFirst;
    private boolean notResumable;
    private long lastResponseAt;
    private long failingSince;
    private boolean done;

    private ServiceSession(Builder b) {
        this.owner = b.owner;
        this.cluster = b.cluster;
        this.id = b.sessionId != null ? b.sessionId : "s-" + UUID.randomUUID().toString().substring(0, 12);
        this.body = b.body;
        this.parameters = Map.copyOf(b.parameters);
        this.failoverTimeout = b.failoverTimeout;
        this.routing = b.routing;
        this.retries = b.backoff.attempts(ThreadLocalRandom.current());
    }

    /** The session's id: the same on every worker that serves it. */
    public String id() {
        return id;
    }

    /** The responses, each exactly once and in order; subscribing starts the session (once). */
    public Flux<ServiceResponse> responses() {
        return Flux.create(s -> {
            if (!subscribed.compareAndSet(false, true)) {
                s.error(new IllegalStateException("session " + id + " has a subscriber already"));
                return;
            }
            s.onRequest(n -> onLoop(() -> requested(n)));
            s.onDispose(() -> onLoop(this::cancel));
            onLoop(() -> {
                sink = s;
                assign(null);
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** What happens to the session (the last 1,000 events replayed to late subscribers). */
    public Flux<ServiceSessionEvent> events() {
        return events.asFlux();
    }

    /** Stops the session: the worker's call is killed and {@link #responses()} completes. */
    @Override
    public void close() {
        onLoop(() -> {
            if (!done) {
                done = true;
                kill();
                owner.metrics().ended("closed");
                if (sink != null) {
                    sink.complete();
                }
                events.tryEmitComplete();
            }
        });
    }

    private void onLoop(Runnable r) {
        try {
            owner.loop().execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the client is closed; nothing more happens to this session
        }
    }

    private void requested(long n) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (call != null) {
            call.request(Math.min(n, MAX_CREDIT));
        }
    }

    private void cancel() {
        if (!done) {
            done = true;
            kill();
            owner.metrics().ended("cancelled");
            events.tryEmitComplete();
        }
    }

    private void kill() {
        if (call != null) {
            call.kill();
            call = null;
        }
        release();
    }

    /** Counts this session on {@code a}'s worker in the client's loads (and off the worker it had before). */
    private void hold(ServiceAssignment a) {
        release();
        held = a;
        owner.serving(a, 1);
    }

    private void release() {
        if (held != null) {
            owner.serving(held, -1);
            held = null;
        }
    }

    /** Asks the director for a worker; {@code failed} is the worker that just failed the session (null the first time). */
    private void assign(AssignmentRequest.FailedWorker failed) {
        if (done) {
            return;
        }
        owner.assign(cluster, new AssignmentRequest(id, failed, List.of()), routing)
                .subscribe(a -> onLoop(() -> connect(a)), e -> onLoop(() -> assignFailed(e, failed)));
    }

    private void assignFailed(Throwable e, AssignmentRequest.FailedWorker failed) {
        if (done) {
            return;
        }
        boolean retryable = !(e instanceof WeirClientException w) || w.status() == 503 || w.status() == 0 || w.status() >= 500;
        long now = System.nanoTime();
        if (failingSince == 0) {
            failingSince = now;
        }
        if (!retryable || now - failingSince > failoverTimeout.toNanos()) {
            fail("no worker of " + cluster + " took session " + id + (retryable ? " within " + failoverTimeout.toSeconds() + " s" : "")
                    + ": " + e.getMessage());
            return;
        }
        long delay = retries.nextDelayMillis();
        log.debug("Session {}: no worker yet ({}); asking again in {} ms", id, e.getMessage(), delay);
        owner.loop().schedule(() -> assign(failed), delay, TimeUnit.MILLISECONDS);
    }

    private void connect(ServiceAssignment a) {
        if (done) {
            return;
        }
        TransportEndpoint endpoint = a.endpoints().stream().filter(e -> e.transportId() == owner.requestPlane()).findFirst().orElse(null);
        if (endpoint == null) {
            assignFailed(new IllegalStateException("worker " + a.workerNumber() + " of " + a.jobId() + " advertises no "
                    + owner.requestPlane() + " endpoint (its endpoints: " + a.endpoints() + ")"),
                    new AssignmentRequest.FailedWorker(a.jobId(), a.workerNumber(), "no " + owner.requestPlane() + " endpoint"));
            return;
        }
        boolean resumable = !notResumable && "true".equals(endpoint.metadata().get("resumable"));
        boolean again = serving != null || generation > 0;
        if (!resumable && expected > 0) {
            restarts++;
            expected = 0;
            owner.metrics().restarts.increment();
            event(Kind.RESTARTED, a, "the service cannot resume: starting over from position 0 (restart " + restarts + ")");
        }
        serving = a;
        standBy(a.standby());
        retries.reset();
        failingSince = 0;
        event(again ? Kind.REASSIGNED : Kind.ASSIGNED, a, "worker " + a.workerNumber() + " of " + a.jobId() + " at " + endpoint.address()
                + " (" + a.sessions() + " sessions)" + (again ? ", from position " + expected : ""));
        var params = new HashMap<>(parameters);
        params.put(ServiceProtocol.SESSION, id);
        params.put(ServiceProtocol.FROM, String.valueOf(expected));
        if (a.token() != null) {
            params.put(ServiceProtocol.TOKEN, a.token());
        }
        long mine = ++generation;
        awaitingFirst = again;
        hold(a);
        call = owner.rpc().call(address(endpoint), new RpcRequest(ServiceProtocol.ENDPOINT, params, body),
                Math.min(demand, MAX_CREDIT), new Listener(mine, a));
    }

    private static InetSocketAddress address(TransportEndpoint endpoint) {
        if (endpoint.transportId() == TransportId.NATS) {
            return NatsRpcClient.target(endpoint.metadata().getOrDefault("workerSubject", endpoint.address()));
        }
        String address = endpoint.address();
        if (address.contains("://")) {
            URI uri = URI.create(address);
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    private void record(long mine, ServiceAssignment a, byte[] record) {
        if (mine != generation || done) {
            return;
        }
        ServiceEnvelope envelope;
        try {
            envelope = ServiceEnvelope.decode(record);
        } catch (RuntimeException e) {
            failed(mine, a, "sent a record that is not a service response (" + e.getMessage() + ")");
            return;
        }
        if (envelope.position() < expected) {
            owner.metrics().duplicates.increment();
            return;
        }
        if (envelope.position() > expected) {
            failed(mine, a, "skipped from position " + expected + " to " + envelope.position());
            return;
        }
        long now = System.nanoTime();
        if (awaitingFirst) {
            awaitingFirst = false;
            long gap = lastResponseAt == 0 ? 0 : now - lastResponseAt;
            owner.metrics().gap.record(gap, TimeUnit.NANOSECONDS);
            event(Kind.RESUMED, a, "first response from worker " + a.workerNumber() + " at position " + expected + ", "
                    + TimeUnit.NANOSECONDS.toMillis(gap) + " ms after the last one before");
        }
        lastResponseAt = now;
        expected++;
        demand--;
        owner.metrics().responses.increment();
        sink.next(new ServiceResponse(envelope.position(), envelope.payload(), a.jobId(), a.workerNumber(), restarts));
    }

    private void ended(long mine, ServiceAssignment a) {
        if (mine != generation || done) {
            return;
        }
        done = true;
        call = null;
        release();
        event(Kind.COMPLETED, a, expected + " responses" + (restarts > 0 ? " after " + restarts + " restarts" : ""));
        owner.metrics().ended("completed");
        sink.complete();
        events.tryEmitComplete();
    }

    private void errored(long mine, ServiceAssignment a, TransportException error) {
        if (mine != generation || done) {
            return;
        }
        String message = String.valueOf(error.getMessage());
        if (message.startsWith(ServiceProtocol.NOT_RESUMABLE)) {
            notResumable = true;
            failed(mine, a, message);
        } else if (message.startsWith(ServiceProtocol.DEADLINE_EXCEEDED) || message.startsWith(ServiceProtocol.BAD_REQUEST)
                || message.startsWith(ServiceProtocol.FAILED) || message.startsWith(ServiceProtocol.FORBIDDEN)) {
            fail(message);
        } else {
            failed(mine, a, message);
        }
    }

    /** The serving worker failed the session: tell, then ask the director for another, naming this one. */
    private void failed(long mine, ServiceAssignment a, String why) {
        if (mine != generation || done) {
            return;
        }
        kill();
        generation++;
        owner.metrics().failovers.increment();
        event(Kind.DETECTED, a, "worker " + a.workerNumber() + " of " + a.jobId() + ": " + why);
        var failedWorker = new AssignmentRequest.FailedWorker(a.jobId(), a.workerNumber(), why.length() > 200 ? why.substring(0, 200) : why);
        ServiceAssignment next = standby;
        standby = null;
        if (next == null || next.sameWorker(a)) {
            assign(failedWorker);
            return;
        }
        connect(next);
        // the director (or this client's router) still hears of the failure: a suspect, the session counted where it went
        // now, and a new standby
        var moved = new AssignmentRequest.WorkerOfJob(next.jobId(), next.workerNumber());
        owner.assign(cluster, new AssignmentRequest(id, failedWorker, List.of(), moved), routing)
                .subscribe(answer -> onLoop(() -> newStandby(next, answer)),
                        e -> log.debug("Session {}: no new standby after moving to worker {}: {}", id, next.workerNumber(), e.getMessage()));
    }

    /** The answer to a move to {@code movedTo}: its standby (or, if it chose another worker, that one) is the next standby. */
    private void newStandby(ServiceAssignment movedTo, ServiceAssignment answer) {
        if (done || !movedTo.sameWorker(serving)) {
            return; // the session moved on again meanwhile
        }
        standBy(answer.sameWorker(serving) ? answer.standby() : answer.withStandby(null));
    }

    /** Takes {@code next} (may be null) as the standby and connects to it ahead, so a failover does not wait to dial. */
    private void standBy(ServiceAssignment next) {
        standby = next;
        if (next != null) {
            next.endpoints().stream().filter(e -> e.transportId() == owner.requestPlane()).findFirst()
                    .ifPresent(e -> owner.rpc().prepare(address(e)));
        }
    }

    private void fail(String why) {
        done = true;
        kill();
        event(Kind.FAILED, serving, why);
        owner.metrics().ended("failed");
        sink.error(new ServiceSessionException(id, why));
        events.tryEmitComplete();
    }

    private void event(Kind kind, ServiceAssignment a, String detail) {
        var e = new ServiceSessionEvent(System.currentTimeMillis(), kind, id, a == null ? null : a.jobId(),
                a == null ? null : a.workerNumber(), expected, detail);
        log.info("Session {}: {} {}", id, kind, detail);
        events.tryEmitNext(e);
    }

    /** Hears one call; every callback hops onto the session thread and is ignored once the call is not the current one. */
    private final class Listener implements ResponseListener {
        private final long mine;
        private final ServiceAssignment assignment;

        Listener(long mine, ServiceAssignment assignment) {
            this.mine = mine;
            this.assignment = assignment;
        }

        @Override
        public void onRecord(byte[] record) {
            onLoop(() -> record(mine, assignment, record));
        }

        @Override
        public void onEnd() {
            onLoop(() -> ended(mine, assignment));
        }

        @Override
        public void onError(TransportException error) {
            onLoop(() -> errored(mine, assignment, error));
        }
    }

    /** Settings of a session before it opens. */
    public static final class Builder {
        private final ServiceClient owner;
        private final String cluster;
        private byte[] body = new byte[0];
        private final Map<String, String> parameters = new HashMap<>();
        private String sessionId;
        private Duration failoverTimeout = Duration.ofSeconds(60);
        private ExponentialBackoff backoff = new ExponentialBackoff(10, 1_000, 0.5);
        private Routing routing = Routing.DIRECTOR;

        Builder(ServiceClient owner, String cluster) {
            this.owner = Objects.requireNonNull(owner, "owner");
            this.cluster = Objects.requireNonNull(cluster, "cluster");
        }

        /** The request's body. */
        public Builder body(byte[] request) {
            this.body = Objects.requireNonNull(request, "request").clone();
            return this;
        }

        /** A request parameter; the names {@code session}, {@code from} and {@code timeoutMillis} are the session's own. */
        public Builder parameter(String name, String value) {
            if (name.equals(ServiceProtocol.SESSION) || name.equals(ServiceProtocol.FROM) || name.equals(ServiceProtocol.TOKEN)) {
                throw new IllegalArgumentException("parameter: '" + name + "' is set by the session (see sessionId)");
            }
            parameters.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The session's id (default: a new random one). */
        public Builder sessionId(String id) {
            if (id == null || id.isBlank() || id.length() > 128) {
                throw new IllegalArgumentException("sessionId: '" + id + "' (expected: 1 to 128 characters)");
            }
            this.sessionId = id;
            return this;
        }

        /** How long the session keeps asking the director for a worker after a failure before it fails (default 60 s). */
        public Builder failoverTimeout(Duration timeout) {
            this.failoverTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The delays between questions to the director while no worker can take the session. */
        public Builder backoff(ExponentialBackoff delays) {
            this.backoff = Objects.requireNonNull(delays, "delays");
            return this;
        }

        /** Who chooses the worker: the master's director (default) or this client, from discovery. */
        public Builder routing(Routing who) {
            this.routing = Objects.requireNonNull(who, "who");
            return this;
        }

        public ServiceSession open() {
            return new ServiceSession(this);
        }
    }
}
