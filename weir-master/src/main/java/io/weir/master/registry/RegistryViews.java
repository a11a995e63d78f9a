package io.weir.master.registry;

import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import io.weir.core.registry.ServiceView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What queries, services, topology and health answer, computed from one {@link RegistrySnapshot} as docs/registry.md
 * says. A service is the instances sharing a name; one whose instances are all gone but some leases lapsed within the
 * forget time is still listed, with no instances, UNHEALTHY.
 */
public final class RegistryViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final RegistrySnapshot snapshot;
    private final Map<String, Service> services = new TreeMap<>();
    private final Set<String> produced = new TreeSet<>();
    private final Set<String> consumed = new TreeSet<>();

    /** One service: its live instances and, when it has none, the lapses it remembers. */
    private record Service(String name, List<ServiceInstance> live, List<RegistrySnapshot.Lapse> lapses,
                           Set<String> inputs, Set<String> outputs) {

        ServiceType type() {
            return live.isEmpty() ? lapses.getFirst().instance().type() : live.getFirst().type();
        }
    }

    public RegistryViews(RegistrySnapshot snapshot) {
        this.snapshot = snapshot;
        for (var l : snapshot.instances()) {
            group(l.instance().name()).live().add(l.instance());
        }
        for (var lapse : snapshot.lapsed()) {
            group(lapse.instance().name()).lapses().add(lapse);
        }
        services.values().removeIf(s -> s.live().isEmpty() && s.lapses().isEmpty());
        for (Service s : services.values()) {
            List<ServiceInstance> shaping = s.live().isEmpty() ? s.lapses().stream().map(RegistrySnapshot.Lapse::instance).toList() : s.live();
            shaping.forEach(i -> {
                s.inputs().addAll(i.inputTypes());
                s.outputs().addAll(i.outputTypes());
            });
            consumed.addAll(s.inputs());
            produced.addAll(s.outputs());
        }
    }

    private Service group(String name) {
        return services.computeIfAbsent(name, n -> new Service(n, new ArrayList<>(), new ArrayList<>(), new TreeSet<>(), new TreeSet<>()));
    }

    /** The live instances {@code query} selects. */
    public ServiceSet query(ServiceQuery query) {
        return new ServiceSet(snapshot.revision(), matching(snapshot, query), false, snapshot.rebuilding());
    }

    /** The live instances of {@code snapshot} that {@code query} selects, without grouping services first. */
    public static ServiceSet query(RegistrySnapshot snapshot, ServiceQuery query) {
        return new ServiceSet(snapshot.revision(), matching(snapshot, query), false, snapshot.rebuilding());
    }

    /** The live instances of {@code snapshot} that {@code query} selects, in the snapshot's order. */
    static List<ServiceInstance> matching(RegistrySnapshot snapshot, ServiceQuery query) {
        var out = new ArrayList<ServiceInstance>();
        for (var l : snapshot.instances()) {
            if (query.matches(l.instance())) {
                out.add(l.instance());
            }
        }
        return out;
    }

    /** Every service, by name. */
    public ServiceView.All services() {
        return new ServiceView.All(snapshot.revision(), services.values().stream().map(this::view).toList());
    }

    /** One service, if it is listed. */
    public Optional<ServiceView> service(String name) {
        return Optional.ofNullable(services.get(name)).map(this::view);
    }

    private ServiceView view(Service s) {
        var health = health(s);
        return new ServiceView(s.name(), s.type(), List.copyOf(s.inputs()), List.copyOf(s.outputs()), health.status(), health.reasons(),
                neighbours(s.inputs(), true), neighbours(s.outputs(), false), s.live());
    }

    /** Services producing one of {@code types} ({@code producers}) or consuming one. */
    private List<String> neighbours(Set<String> types, boolean producers) {
        var out = new ArrayList<String>();
        for (Service other : services.values()) {
            Set<String> theirs = producers ? other.outputs() : other.inputs();
            if (types.stream().anyMatch(theirs::contains)) {
                out.add(other.name());
            }
        }
        return out;
    }

    /** Services as nodes, an edge per (producer, consumer, event type), event types consumed but not produced and the reverse. */
    public PipelineTopology topology() {
        return topology(snapshot.revision());
    }

    /** The topology stamped with {@code revision} (watchers compare views at revision 0). */
    PipelineTopology topology(long revision) {
        var nodes = new ArrayList<PipelineTopology.Node>();
        var edges = new ArrayList<PipelineTopology.Edge>();
        for (Service s : services.values()) {
            nodes.add(new PipelineTopology.Node(s.name(), s.type(), List.copyOf(s.inputs()), List.copyOf(s.outputs()), s.live().size()));
            for (String type : s.outputs()) {
                for (Service consumer : services.values()) {
                    if (consumer.inputs().contains(type)) {
                        edges.add(new PipelineTopology.Edge(s.name(), consumer.name(), type));
                    }
                }
            }
        }
        var unproduced = new TreeSet<>(consumed);
        unproduced.removeAll(produced);
        var unconsumed = new TreeSet<>(produced);
        unconsumed.removeAll(consumed);
        return new PipelineTopology(revision, nodes, edges, List.copyOf(unproduced), List.copyOf(unconsumed));
    }

    /** Health of the pipeline, each service and each instance, with reasons. */
    public PipelineHealth health() {
        return health(snapshot.revision());
    }

    /** The health stamped with {@code revision} (watchers compare views at revision 0). */
    PipelineHealth health(long revision) {
        var all = new ArrayList<PipelineHealth.ServiceHealth>();
        var status = HealthStatus.HEALTHY;
        var reasons = new ArrayList<String>();
        for (Service s : services.values()) {
            var h = health(s);
            all.add(h);
            status = status.worst(h.status());
            h.reasons().forEach(r -> reasons.add(s.name() + ": " + r));
        }
        return new PipelineHealth(revision, status, reasons, all);
    }

    private PipelineHealth.ServiceHealth health(Service s) {
        var instances = new ArrayList<PipelineHealth.Instance>();
        var reasons = new ArrayList<String>();
        HealthStatus status;
        if (s.live().isEmpty()) {
            status = HealthStatus.UNHEALTHY;
            for (var lapse : s.lapses()) {
                String reason = "lease of " + lapse.instance().instanceId() + " lapsed at " + TIME.format(Instant.ofEpochMilli(lapse.at()));
                instances.add(new PipelineHealth.Instance(lapse.instance().instanceId(), HealthStatus.UNHEALTHY, reason));
                reasons.add(reason);
            }
        } else {
            int unhealthy = 0;
            status = HealthStatus.HEALTHY;
            for (ServiceInstance i : s.live()) {
                var h = i.health();
                instances.add(new PipelineHealth.Instance(i.instanceId(), h.status(), h.reason()));
                if (h.status() != HealthStatus.HEALTHY) {
                    status = HealthStatus.DEGRADED;
                    reasons.add(i.instanceId() + " is " + h.status() + (h.reason() == null ? "" : ": " + h.reason()));
                }
                if (h.status() == HealthStatus.UNHEALTHY) {
                    unhealthy++;
                }
            }
            if (unhealthy == s.live().size()) {
                status = HealthStatus.UNHEALTHY;
            }
        }
        for (String input : s.inputs()) {
            if (!produced.contains(input)) {
                reasons.add("consumes " + input + ", which no service produces");
                status = status.worst(HealthStatus.DEGRADED);
            }
        }
        return new PipelineHealth.ServiceHealth(s.name(), status, reasons, instances);
    }
}
