package io.weir.runtime.worker;

import io.netty.channel.EventLoopGroup;
import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.runtime.service.ServiceAvailability;
import io.weir.runtime.service.ServiceControl;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.transport.rpc.planes.RpcServers;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started worker of a {@link io.weir.runtime.service.ServiceJob}: its request servers, its sessions and its
 * availability. Closing it (or {@link #fail}) refuses new sessions, fails the running ones with
 * {@code UNAVAILABLE: worker stopping (retry another worker)} so their callers resume elsewhere, and closes the servers.
 */
public final class ServiceWorker implements RunningWorker, ServiceControl {

    private static final Logger log = LoggerFactory.getLogger(ServiceWorker.class);

    private final String name;
    private final ServiceAvailability availability;
    private final Set<ServedSession> sessions = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WorkerPorts ports = WorkerPorts.NONE;
    private volatile RpcServers servers;
    private volatile EventLoopGroup group;
    private volatile WorkerMetricsServer metricsServer;

    ServiceWorker(String name, ServiceAvailability availability) {
        this.name = name;
        this.availability = availability;
    }

    void started(WorkerPorts ports, RpcServers servers, EventLoopGroup group, WorkerMetricsServer metricsServer) {
        this.ports = ports;
        this.servers = servers;
        this.group = group;
        this.metricsServer = metricsServer;
    }

    void add(ServedSession session) {
        sessions.add(session);
    }

    void remove(ServedSession session) {
        sessions.remove(session);
    }

    /** The sessions running now. */
    public int activeSessions() {
        return sessions.size();
    }

    @Override
    public ServiceAvailability availability() {
        return availability;
    }

    @Override
    public WorkerPorts ports() {
        return ports;
    }

    @Override
    public CompletionStage<Void> completion() {
        return completion;
    }

    @Override
    public void fail(String reason) {
        log.warn("Service worker {} fails: {}", name, reason);
        if (stop()) {
            completion.completeExceptionally(new IllegalStateException(reason));
        }
    }

    @Override
    public void close() {
        if (stop()) {
            completion.complete(null);
        }
    }

    private boolean stop() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        availability.markUnavailable("worker stopping");
        for (ServedSession session : List.copyOf(sessions)) {
            session.fail("aborted", ServiceProtocol.unavailable("worker stopping"));
        }
        release(servers, group, metricsServer);
        return true;
    }

    static void release(RpcServers servers, EventLoopGroup group, WorkerMetricsServer metricsServer) {
        if (servers != null) {
            servers.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }

    @Override
    public String toString() {
        return "ServiceWorker[" + name + "]";
    }
}
