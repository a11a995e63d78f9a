package io.weir.master.api;

import io.weir.master.director.Director;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.job.ClusterCatalog;
import io.weir.master.job.JobSupervisor;
import io.weir.master.loop.ControlLoop;
import io.weir.master.registry.RegistryRuntime;
import io.weir.master.store.MasterStore;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the HTTP routes reach: the control loop and the state it owns, the store for history, discovery, the service
 * registry, the director of streaming services, readiness.
 */
public record ControlPlane(ControlLoop loop, ClusterCatalog clusters, JobSupervisor jobs, MasterStore store,
                           DiscoveryHub discovery, RegistryRuntime services, Director director, AtomicBoolean ready) {

    /** Runs a command on the control loop once the master has recovered; 503 before. */
    <T> Mono<T> onLoop(Callable<T> command) {
        if (!ready.get()) {
            return Mono.error(notReady());
        }
        return Mono.fromFuture(() -> loop.call(command));
    }

    /** Runs a blocking store read off the event loop. */
    <T> Mono<T> read(Callable<T> query) {
        if (!ready.get()) {
            return Mono.error(notReady());
        }
        return Mono.fromCallable(query).subscribeOn(Schedulers.boundedElastic());
    }

    static HttpStatusException notReady() {
        return new HttpStatusException(503, "the master is recovering its state; retry in a moment (GET /readyz says when it is ready)");
    }
}
