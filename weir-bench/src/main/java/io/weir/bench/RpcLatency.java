package io.weir.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.http.CallHomeRpcClient;
import io.weir.transport.rpc.http.HttpRpcClient;
import io.weir.transport.rpc.http.HttpRpcServer;
import io.weir.transport.rpc.nats.NatsRpcClient;
import io.weir.transport.rpc.nats.NatsRpcServer;
import io.weir.transport.rpc.nats.NatsSettings;
import io.weir.transport.rpc.tcp.TcpRpcClient;
import io.weir.transport.rpc.tcp.TcpRpcServer;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import io.weir.transport.tls.TlsConfig;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Round trips through the request planes: 100-byte request, one 100-byte record back, TCP or HTTP, pooled or
 * not, and the call-home planes (HTTP or NATS request, TCP response stream). Measures request to first record.
 * The NATS plane runs against {@code WEIR_NATS_URL} when set, else a {@code nats-server} it starts on a free port.
 */
final class RpcLatency {

    enum Plane { TCP_POOLED, TCP_NEW_CONNECTION, HTTP_POOLED, HTTP_NEW_CONNECTION, HTTP_CALL_HOME, NATS_CALL_HOME }

    private static final RpcHandler ECHO = (request, response) -> {
        response.send(request.body());
        response.end();
        return ControlHandler.NONE;
    };

    static Histogram run(BenchConfig config, Plane plane) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, io.weir.core.transport.Plane.REQUEST);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        boolean tcp = plane == Plane.TCP_POOLED || plane == Plane.TCP_NEW_CONNECTION;
        boolean pooled = plane != Plane.TCP_NEW_CONNECTION && plane != Plane.HTTP_NEW_CONNECTION;
        AutoCloseable server;
        InetSocketAddress target;
        RpcClient client;
        TcpConnectionPool pool = null;
        Process natsServer = null;
        if (plane == Plane.HTTP_CALL_HOME || plane == Plane.NATS_CALL_HOME) {
            pool = new TcpConnectionPool(new TcpClient(serverGroup, TcpSettings.DEFAULTS, metrics),
                    PoolSettings.DEFAULTS.withSizes(4, 0), TcpSettings.DEFAULTS.maxStreamsPerConnection(),
                    serverGroup.next(), Clock.systemUTC(), new SimpleMeterRegistry());
            if (plane == Plane.HTTP_CALL_HOME) {
                HttpRpcServer s = HttpRpcServer.start(any, "/v1/rpc", StreamFormat.BINARY, Duration.ofHours(1),
                        Map.of("echo", ECHO), pool, serverGroup, TlsConfig.disabled(), metrics);
                server = s;
                target = s.address();
                client = new CallHomeRpcClient(clientGroup, any, "127.0.0.1", TcpSettings.DEFAULTS, "/v1/rpc",
                        Duration.ofSeconds(5), TlsConfig.disabled(), metrics);
            } else {
                String url = System.getenv("WEIR_NATS_URL");
                if (url == null || url.isBlank()) {
                    int port = freePort();
                    natsServer = startNatsServer(port);
                    url = "nats://127.0.0.1:" + port;
                }
                NatsSettings settings = new NatsSettings(url, "weir.bench", "echo", Duration.ofSeconds(5));
                NatsRpcServer s = NatsRpcServer.start(settings, Map.of("echo", ECHO), pool, metrics);
                server = s;
                target = NatsRpcClient.target(s.serviceSubject());
                client = new NatsRpcClient(settings, clientGroup, any, "127.0.0.1", TcpSettings.DEFAULTS, metrics);
            }
        } else if (tcp) {
            TcpRpcServer s = TcpRpcServer.start(serverGroup, any, TcpSettings.DEFAULTS, Map.of("echo", ECHO), metrics);
            server = s;
            target = s.address();
            pool = new TcpConnectionPool(new TcpClient(clientGroup, TcpSettings.DEFAULTS, metrics),
                    PoolSettings.DEFAULTS.withEnabled(pooled).withSizes(4, 0), TcpSettings.DEFAULTS.maxStreamsPerConnection(),
                    clientGroup.next(), Clock.systemUTC(), new SimpleMeterRegistry());
            client = new TcpRpcClient(pool, metrics);
        } else {
            HttpRpcServer s = HttpRpcServer.start(any, "/v1/rpc", StreamFormat.BINARY, Map.of("echo", ECHO), metrics);
            server = s;
            target = s.address();
            client = new HttpRpcClient("/v1/rpc", 4, pooled, metrics);
        }
        try {
            int roundTrips = pooled ? config.roundTrips() : Math.max(1000, config.roundTrips() / 10);
            RpcRequest request = new RpcRequest("echo", Map.of(), new byte[config.recordBytes()]);
            Histogram histogram = new Histogram(3);
            int warmup = roundTrips / 2;
            for (int i = 0; i < warmup + roundTrips; i++) {
                long start = System.nanoTime();
                Reply reply = new Reply();
                client.call(target, request, 1, reply);
                reply.join();
                if (i >= warmup) {
                    histogram.recordValue((reply.firstRecord - start) / 1000);
                }
            }
            return histogram;
        } finally {
            client.close();
            if (pool != null) {
                pool.close();
            }
            server.close();
            if (natsServer != null) {
                natsServer.destroyForcibly().waitFor();
            }
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code nats-server} on {@code port} and waits until it greets a client. */
    private static Process startNatsServer(int port) throws IOException {
        String binary = new File("/usr/sbin/nats-server").canExecute() ? "/usr/sbin/nats-server" : "nats-server";
        Process process = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(500);
                if (socket.getInputStream().readNBytes(4).length == 4) {
                    return process;
                }
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        process.destroyForcibly();
        throw new IOException("nats-server did not start on port " + port + " (install it: apt-get install nats-server,"
                + " or set WEIR_NATS_URL)");
    }

    /** Completes at the response's end; remembers when the first record arrived. */
    private static final class Reply extends CompletableFuture<Void> implements ResponseListener {
        volatile long firstRecord;

        @Override
        public void onRecord(byte[] record) {
            if (firstRecord == 0) {
                firstRecord = System.nanoTime();
            }
        }

        @Override
        public void onEnd() {
            complete(null);
        }

        @Override
        public void onError(TransportException error) {
            completeExceptionally(error);
        }
    }
}
