package io.weir.transport.rpc.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.frame.ErrorCode;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Serves endpoints over the TCP stream protocol; the OPEN's {@code endpoint} parameter picks the handler. */
public final class TcpRpcServer implements AutoCloseable {

    /** The OPEN parameter naming the endpoint. */
    public static final String ENDPOINT = "endpoint";

    private final TcpServer server;

    private TcpRpcServer(TcpServer server) {
        this.server = server;
    }

    /** Binds {@code address} and serves {@code handlers} by endpoint name. */
    public static TcpRpcServer start(EventLoopGroup group, InetSocketAddress address, TcpSettings settings,
                                     Map<String, RpcHandler> handlers, TransportMetrics metrics) {
        return start(group, address, settings, Integer.MAX_VALUE, handlers, metrics);
    }

    /** Like {@link #start(EventLoopGroup, InetSocketAddress, TcpSettings, Map, TransportMetrics)}, with a connection limit. */
    public static TcpRpcServer start(EventLoopGroup group, InetSocketAddress address, TcpSettings settings,
                                     int maxConnections, Map<String, RpcHandler> handlers, TransportMetrics metrics) {
        Map<String, RpcHandler> copy = Map.copyOf(handlers);
        return new TcpRpcServer(TcpServer.start(group, address, settings, maxConnections,
                (stream, body) -> accept(copy, stream, body, metrics), metrics));
    }

    private static StreamListener accept(Map<String, RpcHandler> handlers, TcpStream stream, ByteBuf body,
                                         TransportMetrics metrics) {
        metrics.request();
        String endpoint = stream.params().getOrDefault(ENDPOINT, "");
        RpcHandler handler = handlers.get(endpoint);
        if (handler == null) {
            throw new StreamException(ErrorCode.NOT_FOUND, "no handler for endpoint '" + endpoint + "' (serving: "
                    + String.join(", ", new TreeSet<>(handlers.keySet())) + ")");
        }
        Map<String, String> params = new HashMap<>(stream.params());
        params.remove(ENDPOINT);
        RpcRequest request = new RpcRequest(endpoint, params, ByteBufUtil.getBytes(body));
        ControlHandler control;
        try {
            control = handler.handle(request, new StreamSink(stream));
        } catch (RuntimeException e) {
            throw new StreamException(ErrorCode.HANDLER, endpoint + " failed: " + e.getMessage());
        }
        return new ControlAdapter(control == null ? ControlHandler.NONE : control);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A response written to the stream, under the caller's credit. */
    private record StreamSink(TcpStream stream) implements ResponseSink {
        @Override
        public boolean send(byte[] record) {
            return stream.offer(record);
        }

        @Override
        public void end() {
            stream.end();
        }

        @Override
        public void fail(String message) {
            stream.fail(message);
        }
    }

    /** Turns the caller's CREDIT and CANCEL frames into the handler's ready, stop and kill. */
    private record ControlAdapter(ControlHandler control) implements StreamListener {
        @Override
        public void onRecord(ByteBuf record) {
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onError(TransportException error) {
            control.onKill();
        }

        @Override
        public void onWritable() {
            control.onReady();
        }

        @Override
        public void onCancel(boolean graceful) {
            if (graceful) {
                control.onStop();
            } else {
                control.onKill();
            }
        }
    }
}
