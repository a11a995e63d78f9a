package io.weir.runtime.stream;

import io.weir.runtime.connect.Connector;
import io.weir.runtime.connect.Endpoint;
import io.weir.transport.tcp.TcpClient;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Opens {@link UpstreamLink}s: a TCP connection to the upstream worker and a subscription stream with a credit window. */
public final class UpstreamConnector implements Connector<UpstreamLink> {

    private final TcpClient client;
    private final Map<String, String> subscription;
    private final StageInput input;

    public UpstreamConnector(TcpClient client, Map<String, String> subscription, StageInput input) {
        this.client = client;
        this.subscription = Map.copyOf(subscription);
        this.input = input;
    }

    @Override
    public CompletionStage<UpstreamLink> connect(Endpoint endpoint, int slot) {
        return client.connect(new InetSocketAddress(endpoint.host(), endpoint.port())).thenApply(connection -> {
            var link = new UpstreamLink(endpoint, input);
            if (!input.admit(link)) {
                connection.close();
                throw new IllegalStateException("the input is draining; not subscribing to " + endpoint);
            }
            var stream = connection.open(StreamParams.withSlot(subscription, slot), io.netty.buffer.Unpooled.EMPTY_BUFFER,
                    UpstreamLink.WINDOW, link);
            link.attach(connection, stream);
            return link;
        });
    }
}
