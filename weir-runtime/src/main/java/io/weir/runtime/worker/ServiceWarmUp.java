package io.weir.runtime.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.security.JobTokens;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.runtime.service.ServiceRequest;
import io.weir.transport.TransportException;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.planes.RpcClients;
import io.weir.transport.rpc.planes.RpcServers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * A service worker's first session, sent to itself over its own request plane before it is advertised: a fresh JVM
 * pays for class loading and interpreted code on its first session, long enough on a busy machine that the first
 * client's heartbeats went unanswered and it failed over again. Only a request carrying this worker's random nonce
 * reaches the built-in {@link #HANDLER}; the job's handler and the job's meters never see it.
 */
final class ServiceWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ServiceWarmUp.class);

    /** The parameter carrying the nonce. */
    static final String PARAMETER = "weir.warmUp";
    static final int RESPONSES = 256;
    private static final byte[] RESPONSE = "warm-up".getBytes(StandardCharsets.US_ASCII);

    /** Answers {@link #RESPONSES} small responses through the same session code as the job's handler. */
    static final ServiceHandler HANDLER = new ServiceHandler() {
        @Override
        public Flux<byte[]> handle(ServiceRequest request, ServiceContext context) {
            return Flux.range(0, RESPONSES).map(i -> RESPONSE);
        }

        @Override
        public boolean resumable() {
            return true;
        }
    };

    private final String nonce = UUID.randomUUID().toString();
    private final ServiceMetrics metrics = new ServiceMetrics(new SimpleMeterRegistry(), "warm-up");

    /** Whether {@code request} is this worker's own warm-up. */
    boolean matches(RpcRequest request) {
        return JobTokens.same(nonce, request.params().get(PARAMETER));
    }

    /** Meters of the warm-up session, kept apart from the job's. */
    ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * Runs one warm-up session against the request plane of {@code servers} and waits for it at most {@code budget}; a
     * failure is logged, never thrown: the worker serves either way. Only where the response comes back on the request's
     * own connection (tcp/tcp, http/http): a call-home warm-up would leave the worker's pool of connections to callers
     * holding one to a caller that is gone.
     */
    void run(TransportConfig planes, RpcServers servers, EventLoopGroup group, String token, Duration budget) {
        boolean callHome = planes.requestPlane() == TransportId.NATS
                || planes.requestPlane() == TransportId.HTTP && planes.responsePlane() == TransportId.TCP;
        if (callHome) {
            return;
        }
        long started = System.nanoTime();
        var received = new AtomicInteger();
        var failure = new AtomicReference<String>();
        var done = new CountDownLatch(1);
        var params = new HashMap<String, String>();
        params.put(PARAMETER, nonce);
        params.put(ServiceProtocol.SESSION, "warm-up");
        if (token != null) {
            params.put(ServiceProtocol.TOKEN, token);
        }
        try (var client = RpcClients.create(planes, StandardTransports.registry(), TransportCapabilities.NONE, group,
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            client.call(loopback(servers.address(planes.requestPlane())),
                    new RpcRequest(ServiceProtocol.ENDPOINT, params, new byte[0]), RESPONSES, new ResponseListener() {
                        @Override
                        public void onRecord(byte[] record) {
                            received.incrementAndGet();
                        }

                        @Override
                        public void onEnd() {
                            done.countDown();
                        }

                        @Override
                        public void onError(TransportException error) {
                            failure.set(error.getMessage());
                            done.countDown();
                        }
                    });
            if (!done.await(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                failure.set("no end within " + budget.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.set("interrupted");
        } catch (RuntimeException e) {
            failure.set(e.toString());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (failure.get() != null) {
            log.warn("Warm-up session on {} failed after {} ms and {} responses ({}); serving anyway",
                    planes.requestPlane().wireName(), millis, received.get(), failure.get());
        } else {
            log.debug("Warm-up session on {}: {} responses in {} ms", planes.requestPlane().wireName(), received.get(), millis);
        }
    }

    private static InetSocketAddress loopback(InetSocketAddress bound) {
        return bound.getAddress() != null && bound.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress("127.0.0.1", bound.getPort()) : bound;
    }
}
