package io.weir.runtime.worker;

import io.weir.core.model.ServiceLoad;

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
        if (closed.get()) {
            // failed while starting: stop() found nothing to release yet
            release(servers, group, metricsServer);
        }
    }

    void add(ServedSession session) {
        sessions.add(session);
    }

    void remove(ServedSession session) {
        sessions.remove(session);
    }

    /** The sessions running now. */
    @Override
    public ServiceLoad load() {
        var availability = availability();
        return new ServiceLoad(activeSessions(), availability.available(), availability.reason().orElse(null));
    }

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

    /** Fails the worker from any thread (a Reactor timer's too): the servers are closed on a thread of its own. */
    @Override
    public void fail(String reason) {
        if (closed.get()) {
            log.debug("Service worker {} already stopped; not failing it: {}", name, reason);
            return;
        }
        log.warn("Service worker {} fails: {}", name, reason);
        availability.markUnavailable("worker stopping");
        Thread.ofPlatform().daemon().name("service-worker-fail-" + name)
                .start(() -> stop(() -> completion.completeExceptionally(new IllegalStateException(reason))));
    }

    @Override
    public void close() {
        stop(() -> completion.complete(null));
    }

    private void stop(Runnable complete) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        availability.markUnavailable("worker stopping");
        try {
            for (ServedSession session : List.copyOf(sessions)) {
                session.fail("aborted", ServiceProtocol.unavailable("worker stopping"));
            }
            release(servers, group, metricsServer);
        } finally {
            complete.run();
        }
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
