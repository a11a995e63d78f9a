package io.weir.cli;

import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceView;
import io.weir.core.transport.TransportEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How the registry commands print services, changes, the topology and health: plain text, one fact a line. */
final class RegistryText {

    private RegistryText() {
    }

    static String list(List<String> values) {
        return values == null || values.isEmpty() ? "-" : String.join(",", values);
    }

    static String health(InstanceHealth h) {
        return h.status() + (h.reason() == null ? "" : " (" + h.reason() + ")");
    }

    static String endpoints(List<TransportEndpoint> endpoints) {
        return endpoints.isEmpty() ? "-" : endpoints.stream().map(e -> e.transportId() + "://" + e.address()).collect(Collectors.joining(","));
    }

    /** {@code weir services list}: one row a service. */
    static Table services(ServiceView.All all) {
        var t = new Table("NAME", "TYPE", "CONSUMES", "PRODUCES", "INSTANCES", "HEALTH");
        for (var s : all.services()) {
            t.row(s.name(), s.type(), list(s.inputTypes()), list(s.outputTypes()), s.instances().size(), s.status());
        }
        return t;
    }

    /** {@code weir services describe}: the service's facts, then its instances as a table. */
    static List<String> describe(ServiceView s) {
        var out = new ArrayList<String>();
        out.add(s.name() + "  " + s.type() + "  " + s.status());
        out.add("consumes:    " + list(s.inputTypes()));
        out.add("produces:    " + list(s.outputTypes()));
        out.add("upstreams:   " + list(s.upstreams()));
        out.add("downstreams: " + list(s.downstreams()));
        s.reasons().forEach(r -> out.add("reason:      " + r));
        return out;
    }

    static Table instances(List<ServiceInstance> instances, long now) {
        var t = new Table("INSTANCE", "HEALTH", "ENDPOINTS", "ORIGIN", "LEASE LEFT", "FIGURES");
        for (var i : instances) {
            String lease = i.leaseExpiresAt() == null ? null : Math.max(0, i.leaseExpiresAt() - now) + "ms";
            String origin = ServiceInstance.JOB.equals(i.origin()) ? "job " + i.jobId() + "/" + i.workerIndex() : i.origin();
            String figures = i.figures().isEmpty() ? null : i.figures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            t.row(i.instanceId(), health(i.health()), endpoints(i.endpoints()), origin, lease, figures);
        }
        return t;
    }

    /**
     * {@code weir services watch}: the lines one change prints, each stamped with {@code at}: the whole set the first
     * time, then one line per instance that joined, left or changed health or endpoints.
     */
    static List<String> changes(ServiceSet before, ServiceSet now, Instant at) {
        String stamp = at + " rev " + now.revision() + (now.rebuilding() ? " (master rebuilding)" : "") + "  ";
        if (before == null) {
            var out = new ArrayList<String>();
            out.add(stamp + now.instances().size() + " instance(s)");
            now.instances().forEach(i -> out.add(stamp + "= " + describe(i)));
            return out;
        }
        Map<String, ServiceInstance> old = byId(before);
        Map<String, ServiceInstance> cur = byId(now);
        var out = new ArrayList<String>();
        cur.forEach((id, i) -> {
            var was = old.get(id);
            if (was == null) {
                out.add(stamp + "+ " + describe(i));
            } else if (!was.health().equals(i.health())) {
                out.add(stamp + "~ " + id + " " + health(was.health()) + " -> " + health(i.health()));
            } else if (!was.endpoints().equals(i.endpoints())) {
                out.add(stamp + "~ " + id + " endpoints " + endpoints(was.endpoints()) + " -> " + endpoints(i.endpoints()));
            }
        });
        old.forEach((id, i) -> {
            if (!cur.containsKey(id)) {
                out.add(stamp + "- " + id + " (" + i.name() + ") left");
            }
        });
        return out;
    }

    private static String describe(ServiceInstance i) {
        return i.instanceId() + " (" + i.name() + " " + i.type() + ") " + health(i.health()) + " " + endpoints(i.endpoints());
    }

    private static Map<String, ServiceInstance> byId(ServiceSet set) {
        var map = new LinkedHashMap<String, ServiceInstance>();
        set.instances().forEach(i -> map.put(i.instanceId(), i));
        return map;
    }

    /** {@code weir pipeline topology}: one line an edge, then the services on no edge, then the loose ends. */
    static List<String> topology(PipelineTopology t) {
        var out = new ArrayList<String>();
        for (var e : t.edges()) {
            out.add(e.from() + " --" + e.eventType() + "--> " + e.to());
        }
        var joined = new java.util.HashSet<String>();
        t.edges().forEach(e -> {
            joined.add(e.from());
            joined.add(e.to());
        });
        t.services().stream().filter(n -> !joined.contains(n.name()))
                .forEach(n -> out.add(n.name() + " (" + n.type() + ", on no edge)"));
        if (t.edges().isEmpty() && t.services().isEmpty()) {
            out.add("(no services)");
        }
        out.add("unproduced: " + list(t.unproduced()));
        out.add("unconsumed: " + list(t.unconsumed()));
        return out;
    }

    /** {@code weir pipeline health}: overall status and reasons, then one line a service with its reasons. */
    static List<String> health(PipelineHealth h) {
        var out = new ArrayList<String>();
        out.add("pipeline: " + h.status());
        h.reasons().forEach(r -> out.add("  " + r));
        for (var s : h.services()) {
            long healthy = s.instances().stream().filter(i -> i.status() == io.weir.core.registry.HealthStatus.HEALTHY).count();
            out.add(s.name() + ": " + s.status() + " (" + healthy + "/" + s.instances().size() + " instances healthy)");
            s.reasons().forEach(r -> out.add("  " + r));
            s.instances().stream().filter(i -> i.reason() != null && s.reasons().stream().noneMatch(r -> r.contains(i.instanceId())))
                    .forEach(i -> out.add("  " + i.instanceId() + ": " + i.status() + " (" + i.reason() + ")"));
        }
        return out;
    }
}
