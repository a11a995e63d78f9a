package io.weir.agent.builtin;

import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A worker that only holds a port: it binds its first reserved port (an ephemeral one when none was reserved), accepts
 * connections and closes them at once, and runs until closed. {@link #start} returns once the port is bound, so the
 * agent reports it Started only when peers can connect. For demos and tests.
 */
public final class PortHoldingWorker implements WorkerEntryPoint {

    @Override
    public RunningWorker start(WorkerContext context) throws IOException {
        int port = context.ports().isEmpty() ? 0 : context.ports().get(0);
        var socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot bind port " + port + ": " + e.getMessage(), e);
        }
        var worker = new Running(socket);
        Thread.ofVirtual().name("port-holder-" + context.jobId() + "-" + context.workerNumber()).start(worker::acceptLoop);
        return worker;
    }

    /** The bound socket and its accept loop (a virtual thread), ended by {@link #close()}. */
    private static final class Running implements RunningWorker {

        private final ServerSocket socket;
        private final CompletableFuture<Void> completion = new CompletableFuture<>();
        private volatile boolean closed;

        Running(ServerSocket socket) {
            this.socket = socket;
        }

        void acceptLoop() {
            while (!closed) {
                try (Socket ignored = socket.accept()) {
                    // accept and close: the port is live, nothing more
                } catch (IOException e) {
                    if (!closed) {
                        completion.completeExceptionally(new IOException("port " + socket.getLocalPort() + " stopped accepting: " + e.getMessage(), e));
                        closeSocket();
                        return;
                    }
                }
            }
        }

        @Override
        public WorkerPorts ports() {
            return new WorkerPorts(List.of(socket.getLocalPort()), null, null);
        }

        @Override
        public CompletionStage<Void> completion() {
            return completion;
        }

        @Override
        public void close() {
            closed = true;
            closeSocket();
            completion.complete(null);
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
