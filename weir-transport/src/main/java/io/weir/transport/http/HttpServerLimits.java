package io.weir.transport.http;

import io.weir.core.config.ConfigException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import reactor.netty.http.server.HttpServer;

/**
 * What an HTTP server tolerates from its clients: a connection that has not delivered a complete request head within
 * {@code headTimeoutMillis} of opening (or of its previous response) is closed, so is one whose request body has not
 * arrived in full within {@code bodyTimeoutMillis}, and at most {@code maxConnections} are open at once (see
 * {@link ConnectionGate}).
 */
public record HttpServerLimits(long headTimeoutMillis, long bodyTimeoutMillis, int maxConnections) {

    public static final long DEFAULT_HEAD_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;

    /** Package-private in reactor-netty, so recognised by name. */
    private static final String BODY_TIMEOUT_CLASS = "reactor.netty.http.server.RequestTimeoutException";

    public HttpServerLimits {
        if (headTimeoutMillis < 1) {
            throw new ConfigException("headTimeoutMillis: " + headTimeoutMillis + " (expected: > 0)");
        }
        if (bodyTimeoutMillis < 1) {
            throw new ConfigException("bodyTimeoutMillis: " + bodyTimeoutMillis + " (expected: > 0)");
        }
        if (maxConnections < 1) {
            throw new ConfigException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
    }

    /** Default timeouts with the given connection limit. */
    public static HttpServerLimits withMaxConnections(int maxConnections) {
        return new HttpServerLimits(DEFAULT_HEAD_TIMEOUT_MILLIS, DEFAULT_BODY_TIMEOUT_MILLIS, maxConnections);
    }

    /** Half of this process's open-file limit ({@code ulimit -n}), between 64 and 10,000; 1,000 where it cannot be read. */
    public static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long half = unix.getMaxFileDescriptorCount() / 2;
            return (int) Math.max(64, Math.min(10_000, half));
        }
        return 1_000;
    }

    /** True when {@code error} is reactor-netty's signal that a request body outlived {@code bodyTimeoutMillis}. */
    public static boolean isBodyTimeout(Throwable error) {
        return error instanceof io.netty.channel.ChannelException && error.getClass().getName().equals(BODY_TIMEOUT_CLASS);
    }

    /** {@code server} with these timeouts, admitting its connections through {@code gate}. */
    public HttpServer applyTo(HttpServer server, ConnectionGate gate) {
        return server.idleTimeout(Duration.ofMillis(headTimeoutMillis))
                .requestTimeout(Duration.ofMillis(bodyTimeoutMillis))
                .doOnChannelInit((observer, channel, remote) -> gate.admit(channel));
    }
}
