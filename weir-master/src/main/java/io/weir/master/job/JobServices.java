package io.weir.master.job;

import io.weir.core.model.EventTypes;
import io.weir.core.model.WorkerState;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceType;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.master.registry.ServiceRegistry;
import io.weir.transport.registry.StandardTransports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the service registry's view of jobs whose cluster declares event types: each live sink worker is an instance
 * ({@code job:<jobId>:<workerIndex>}), healthy once Started. Called by {@link ActiveJobs} wherever discovery is told of
 * a change, on the control loop.
 */
final class JobServices {

    private final ServiceRegistry registry;

    /** {@code registry} null: jobs are not published as services. */
    JobServices(ServiceRegistry registry) {
        this.registry = registry;
    }

    /** Publishes the job's sink workers as they are now. */
    void sync(Job job) {
        var types = job.record().definition().eventTypes();
        if (registry != null && types != null) {
            registry.putJob(job.id(), instances(job, types));
        }
    }

    /** Removes the instances of an ended job. */
    void remove(Job job) {
        if (registry != null && job.record().definition().eventTypes() != null) {
            registry.removeJob(job.id());
        }
    }

    static List<ServiceInstance> instances(Job job, EventTypes types) {
        var def = job.record().definition();
        int sink = def.sinkStage();
        var out = new ArrayList<ServiceInstance>();
        job.liveWorkers().stream().filter(w -> w.stage() == sink).sorted(Comparator.comparingInt(WorkerRecord::workerIndex)).forEach(w -> {
            var endpoints = w.host() != null && w.ports().hasDataPort() ? List.of(endpoint(w)) : List.<TransportEndpoint>of();
            var health = w.state() == WorkerState.Started ? InstanceHealth.HEALTHY : InstanceHealth.unhealthy(w.state().name());
            out.add(new ServiceInstance("job:" + job.id() + ":" + w.workerIndex(), def.name(),
                    types.consumes().isEmpty() ? ServiceType.SOURCE : ServiceType.PROCESSOR, types.consumes(), types.produces(),
                    endpoints, health, null, null, ServiceInstance.JOB, job.id(), w.workerIndex(), w.acceptedAt(), null));
        });
        return out;
    }

    /** The TCP stream endpoint the worker advertised, else its host and first data port with TCP's capabilities. */
    private static TransportEndpoint endpoint(WorkerRecord w) {
        String address = w.host() + ":" + w.ports().data().getFirst();
        return w.ports().endpoints().stream()
                .filter(e -> e.transportId() == TransportId.TCP && e.plane() == Plane.STREAM && e.address().equals(address))
                .findFirst()
                .orElseGet(() -> new TransportEndpoint(TransportId.TCP, Plane.STREAM, address, StandardTransports.TCP, null));
    }
}
