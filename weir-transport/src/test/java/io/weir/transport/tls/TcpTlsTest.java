package io.weir.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ClientAuth;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.StreamAcceptor;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.testing.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpTlsTest {

    private static final int COUNT = 20_000;

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static EventLoopGroup group;
    private final TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        certs = TestCertificates.create(dir);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void aTlsConnectionCarriesEveryRecordInOrder() {
        var tls = TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.NONE);
        TcpServer server = server(tls);
        TcpConnection connection = client(tls).connect(server.address()).join();
        toClose.add(connection::close);

        var received = new Received();
        var stream = connection.open(Map.of("count", String.valueOf(COUNT)), received);
        stream.request(COUNT);

        await().untilTrue(received.ended);
        assertThat(received.records).isEqualTo(IntStream.range(0, COUNT).mapToObj(String::valueOf).toList());
        assertThat(received.error.get()).isNull();
    }

    @Test
    void aPlaintextClientIsRefused() {
        TcpServer server = server(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), null, ClientAuth.NONE));
        TcpConnection plain = client(TlsConfig.disabled()).connect(server.address()).join();
        toClose.add(plain::close);

        var received = new Received();
        plain.open(Map.of("count", "10"), received).request(10);

        await().until(() -> received.error.get() != null);
        assertThat(received.records).isEmpty();
        await().until(() -> !plain.isActive());
    }

    @Test
    void aClientThatDoesNotTrustTheServersCaFailsToConnect() {
        TcpServer server = server(TlsConfig.of(certs.strangerCert(), certs.strangerKey(), null, ClientAuth.NONE));
        var client = client(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.NONE));

        assertThatThrownBy(() -> client.connect(server.address()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TransportException.class)
                .hasMessageContaining("TLS handshake with");
    }

    @Test
    void aClientChecksTheHostNameItDialed() {
        TcpServer server = server(TlsConfig.of(certs.wrongHostCert(), certs.wrongHostKey(), null, ClientAuth.NONE));
        var client = client(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.NONE));

        assertThatThrownBy(() -> client.connect(server.address()).join())
                .hasCauseInstanceOf(TransportException.class).hasMessageContaining("TLS handshake with");
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificateAndAcceptsOneSignedByTheCa() {
        TcpServer server = server(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.REQUIRE));
        var trustOnly = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE);
        var anonymous = new TcpClient(group, TcpSettings.DEFAULTS.withSecurity(new TcpTls(null, trustOnly.clientContext())), metrics);

        var refused = new Received();
        try {
            TcpConnection c = anonymous.connect(server.address()).join();
            toClose.add(c::close);
            c.open(Map.of("count", "10"), refused).request(10);
            await().until(() -> refused.error.get() != null);
        } catch (CompletionException e) {
            assertThat(e).hasCauseInstanceOf(TransportException.class);
        }
        assertThat(refused.records).isEmpty();

        TcpConnection accepted = client(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.REQUIRE))
                .connect(server.address()).join();
        toClose.add(accepted::close);
        var received = new Received();
        accepted.open(Map.of("count", "10"), received).request(10);
        await().untilTrue(received.ended);
        assertThat(received.records).hasSize(10);
    }

    private TcpServer server(TlsConfig tls) {
        TcpServer server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), tls.applyTo(TcpSettings.DEFAULTS),
                counter(), metrics);
        toClose.add(server);
        return server;
    }

    private TcpClient client(TlsConfig tls) {
        return new TcpClient(group, tls.applyTo(TcpSettings.DEFAULTS), metrics);
    }

    /** Sends "0".."count-1" as credit allows, then ends. */
    private static StreamAcceptor counter() {
        return (stream, body) -> {
            int count = Integer.parseInt(stream.params().get("count"));
            int[] sent = {0};
            return new StreamListener() {
                @Override
                public void onRecord(ByteBuf record) {
                }

                @Override
                public void onEnd() {
                }

                @Override
                public void onError(TransportException error) {
                }

                @Override
                public void onWritable() {
                    while (sent[0] < count && stream.offer(String.valueOf(sent[0]).getBytes(StandardCharsets.UTF_8))) {
                        sent[0]++;
                    }
                    if (sent[0] == count) {
                        stream.end();
                    }
                }
            };
        };
    }

    private static final class Received implements StreamListener {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean ended = new AtomicBoolean();
        final AtomicReference<TransportException> error = new AtomicReference<>();

        @Override
        public void onRecord(ByteBuf record) {
            records.add(record.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd() {
            ended.set(true);
        }

        @Override
        public void onError(TransportException e) {
            error.set(e);
        }
    }
}
