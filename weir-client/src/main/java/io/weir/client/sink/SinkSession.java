package io.weir.client.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import io.weir.client.discovery.Discovery;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.transport.sse.SseDecoder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A logical connection to a job's sink that outlives its physical connections. The session learns the sink workers
 * (the last stage's Started workers) from discovery and keeps reading them, in {@link SessionMode#ALL} (every worker,
 * records merged) or {@link SessionMode#ONE} (one at a time, failing over), through any number of failures, until
 * it is closed or its job ends. Its {@link #id()} never changes; each physical connection has an id of its own.
 *
 * <p>Failure detection: a lost connection at once; a hung worker by heartbeat, since the session always asks the
 * sink for pings every {@code heartbeatMillis} (300) and gives a connection up after {@code missedHeartbeats} (2)
 * intervals without a record or a ping; so a hung worker is noticed within about 600 ms. The failed worker is then
 * avoided until discovery replaces it or its retry delay has passed, and the session reconnects at once where it can.
 *
 * <pre>{@code
 * try (SinkSession session = client.sinkSession(SinkTarget.cluster("wordcount")).mode(SessionMode.ONE).build()) {
 *     session.events().subscribe(System.out::println);
 *     session.records().take(1000).doOnNext(r -> System.out.println(r.payload())).blockLast();
 * }
 * }</pre>
 *
 * <p>Threads: {@link #records()} delivers on Netty event loops; {@link #events()} on the session's own thread
 * ({@code weir-session-<id>}), which must not be blocked by its subscribers. Everything else is thread-safe.
 */
public final class SinkSession implements AutoCloseable {

    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final SessionSettings settings;
    private final Flux<JobSchedulingInfo> schedulingInfo;
    private final SessionLoop loop;
    private final SessionDriver driver;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SinkSession(SessionSettings settings, Discovery discovery, SinkTokens tokens, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.schedulingInfo = switch (settings.target()) {
            case SinkTarget.Job job -> discovery.schedulingInfo(job.jobId());
            case SinkTarget.Cluster cluster -> discovery.clusterSchedulingInfo(cluster.name());
        };
        this.loop = new SessionLoop(settings.sessionId());
        HttpClient http = discovery.http().tls().applyTo(HttpClient.create(ConnectionProvider.newConnection()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeoutMillis());
        this.driver = new SessionDriver(settings, loop, new SessionMetrics(meters, settings.sessionId(), settings.mode()), http, tokens,
                discovery.http().scheme(),
                clock, System::nanoTime, new WorkerHealth(settings.reconnectBackoff(), new SplittableRandom()));
    }

    /** A builder of a session reading {@code target}, finding its workers through {@code discovery}. */
    public static Builder builder(Discovery discovery, SinkTarget target) {
        return new Builder(discovery, target);
    }

    /** The session's id, the same across every physical connection. */
    public String id() {
        return settings.sessionId();
    }

    SessionSettings settings() {
        return settings;
    }

    public SessionMode mode() {
        return settings.mode();
    }

    public SinkTarget target() {
        return settings.target();
    }

    /**
     * The records of every connection, merged, at the subscriber's demand: each connection buffers at most
     * {@code bufferRecords} and otherwise stops reading its socket (the sink then drops for this session and says so
     * in meta messages). Subscribing starts the session; it has one subscriber. Cancelling closes the session; the
     * Flux completes when the session ends and fails only for what retrying cannot fix (no such job or cluster, or a
     * sink rejecting the session's parameters).
     */
    public Flux<SinkRecord> records() {
        return Flux.defer(() -> {
            if (!subscribed.compareAndSet(false, true)) {
                return Flux.error(new IllegalStateException("session " + id() + " already has a reader; records() takes one subscriber"));
            }
            loop.execute(() -> driver.start(schedulingInfo));
            return driver.streams().flatMap(stream -> stream, Integer.MAX_VALUE, settings.bufferRecords())
                    .doFinally(signal -> close());
        });
    }

    /**
     * What happens to the session (connections, detections, failovers), from subscription on. Hot and best effort: a
     * subscriber without demand misses events rather than slowing the session; completes when the session ends.
     */
    public Flux<SessionEvent> events() {
        return driver.events();
    }

    /** The workers with an established connection now. */
    public List<SinkWorker> connectedWorkers() {
        return driver.connected();
    }

    /** Closes every connection and ends {@link #records()} and {@link #events()}; idempotent, waits up to 5 s. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.execute(() -> driver.close("closed by its owner"));
        loop.shutdown();
        if (!loop.inLoop()) {
            try {
                loop.awaitTermination(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds a {@link SinkSession}; every setting has a default. Not thread-safe. */
    public static final class Builder {

        private final Discovery discovery;
        private final SinkTarget target;
        private SessionMode mode = SessionMode.ALL;
        private SinkTokens tokens = SinkTokens.NONE;
        private String sessionId;
        private String clientId;
        private String slotId;
        private long sampleMillis;
        private String mql;
        private boolean metaMessages;
        private long heartbeatMillis = 300;
        private int missedHeartbeats = 2;
        private long connectTimeoutMillis = 1_000;
        private int bufferRecords = 256;
        private int maxEventBytes = SseDecoder.DEFAULT_MAX_EVENT_BYTES;
        private ExponentialBackoff reconnectBackoff = new ExponentialBackoff(10, 5_000, 0.5);
        private MeterRegistry meters;
        private Clock clock = Clock.systemUTC();

        private Builder(Discovery discovery, SinkTarget target) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            this.target = Objects.requireNonNull(target, "target");
        }

        /** {@link SessionMode#ALL} (default) or {@link SessionMode#ONE}. */
        public Builder mode(SessionMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The session's id (default {@code s-} and 8 random hex digits); appears in logs, meters and connection ids. */
        public Builder sessionId(String id) {
            this.sessionId = id;
            return this;
        }

        /** The sink's {@code clientId}: sessions sharing one split the records; by default each session gets them all. */
        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /**
         * The sink's {@code slotId} within the client group; defaults to the session id when a client id is set, so a
         * reconnect replaces this session's half-dead old connection on the same worker instead of sharing with it.
         */
        public Builder slotId(String id) {
            this.slotId = id;
            return this;
        }

        /** The sink's {@code sampleMSec}: at most one record per this many milliseconds per connection; 0 (default) for all. */
        public Builder sampleMillis(long millis) {
            this.sampleMillis = millis;
            return this;
        }

        /** The sink's {@code mql}: only the records this MQL query selects travel, shaped as it says (docs/mql.md); none by default. */
        public Builder mql(String query) {
            this.mql = query;
            return this;
        }

        /** Asks sinks for meta messages, surfaced as {@link SessionEvent.Dropped} (default false). */
        public Builder metaMessages(boolean enabled) {
            this.metaMessages = enabled;
            return this;
        }

        /** The ping interval asked of sinks, 50 to 3,600,000 ms (default 300). */
        public Builder heartbeatMillis(long millis) {
            this.heartbeatMillis = millis;
            return this;
        }

        /** Intervals without any record or ping after which a connection is dead (default 2). */
        public Builder missedHeartbeats(int n) {
            this.missedHeartbeats = n;
            return this;
        }

        /** How long a worker may take to connect and answer (default 1000 ms). */
        public Builder connectTimeoutMillis(long millis) {
            this.connectTimeoutMillis = millis;
            return this;
        }

        /** Records buffered per connection before the session stops reading it (default 256). */
        public Builder bufferRecords(int n) {
            this.bufferRecords = n;
            return this;
        }

        /** The largest SSE event accepted from a sink (default 1 MiB); a larger one fails its connection. */
        public Builder maxEventBytes(int bytes) {
            this.maxEventBytes = bytes;
            return this;
        }

        /** Delays before retrying a worker that failed, by its failures in a row (default 10 ms doubling to 5 s, jitter 0.5). */
        public Builder reconnectBackoff(ExponentialBackoff backoff) {
            this.reconnectBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Where the session gets a job's sink read token, e.g. {@code client.jobs()::sinkTokenAsync} (what
         * {@code WeirClient.sinkSession} sets); empty: the sink needs none. Default: no token.
         */
        public Builder sinkTokens(Function<String, Mono<Optional<String>>> fetch) {
            this.tokens = new SinkTokens(Objects.requireNonNull(fetch, "fetch"));
            return this;
        }

        /** Where the session's meters go (default: a private registry). */
        public Builder meters(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The clock of event timestamps (default UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Validates the settings and creates the session; nothing connects until {@link SinkSession#records()} is subscribed. */
        public SinkSession build() {
            String id = sessionId == null ? String.format("s-%08x", ThreadLocalRandom.current().nextInt()) : sessionId;
            checkId("sessionId", id, 128);
            if (!id.matches("[A-Za-z0-9_.:-]+")) {
                throw new IllegalArgumentException("sessionId: '" + id + "' (expected: letters, digits, '_', '.', ':', '-')");
            }
            if (clientId != null) {
                checkId("clientId", clientId, 256);
            }
            if (slotId != null) {
                checkId("slotId", slotId, 256);
                if (clientId == null) {
                    throw new IllegalArgumentException("slotId: '" + slotId + "' (expected: a clientId as well, slots are per client group)");
                }
            }
            if (mql != null && mql.isBlank()) {
                throw new IllegalArgumentException("mql: '" + mql + "' (expected: an MQL query such as 'select * from stream', or none)");
            }
            String slot = slotId == null && clientId != null ? id : slotId;
            range("sampleMillis", sampleMillis, 0, 86_400_000L);
            range("heartbeatMillis", heartbeatMillis, 50, 3_600_000L);
            range("missedHeartbeats", missedHeartbeats, 1, 1_000);
            range("connectTimeoutMillis", connectTimeoutMillis, 1, Integer.MAX_VALUE);
            range("bufferRecords", bufferRecords, 1, 1 << 20);
            range("maxEventBytes", maxEventBytes, 1_024, Integer.MAX_VALUE);
            var settings = new SessionSettings(target, mode, id, clientId, slot, sampleMillis, mql, metaMessages, heartbeatMillis,
                    missedHeartbeats, connectTimeoutMillis, bufferRecords, maxEventBytes, reconnectBackoff);
            return new SinkSession(settings, discovery, tokens, meters == null ? new SimpleMeterRegistry() : meters, clock);
        }

        private static void checkId(String name, String value, int max) {
            if (value.isBlank() || value.length() > max) {
                throw new IllegalArgumentException(name + ": '" + value + "' (expected: a non-blank string of at most " + max + " characters)");
            }
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
            }
        }
    }
}
