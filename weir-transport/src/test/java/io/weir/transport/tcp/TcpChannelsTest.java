package io.weir.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.metrics.TransportMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpChannelsTest {

    @Test
    void nativeGroupCarriesStreamsWithKeepalive() {
        EventLoopGroup group = TcpChannels.newGroup(1);
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
        try (TcpServer server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS,
                (stream, body) -> {
                    stream.offer(("echo:" + body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    stream.end();
                    return new RecordingListener();
                }, metrics)) {
            assertThat(TcpChannels.epoll(group)).isEqualTo(Epoll.isAvailable());
            TcpConnection connection = new TcpClient(group, TcpSettings.DEFAULTS, metrics)
                    .withKeepalive(Duration.ofSeconds(30)).connect(server.address()).join();
            RecordingListener response = new RecordingListener();
            connection.open(Map.of(), Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8), 1, response);
            await().untilTrue(response.ended);
            assertThat(response.records).containsExactly("echo:hi");
            connection.close().join();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
