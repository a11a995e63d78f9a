package io.weir.runtime.connect;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Derives the endpoints to connect to from discovery: only {@code Started} workers, never one still starting. */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * The endpoints of {@code stage} in {@code info}; empty when the event is a heartbeat (it changes nothing).
     * An ended job, or one without that stage, yields an empty set.
     */
    public static Optional<Set<Endpoint>> forStage(JobSchedulingInfo info, int stage) {
        Objects.requireNonNull(info, "info");
        if (info.isHeartbeat() || info.workerAssignments() == null) {
            return Optional.empty();
        }
        WorkerAssignments assignments = info.workerAssignments().get(stage);
        return Optional.of(assignments == null ? Set.of() : of(assignments));
    }

    /** The {@code Started} workers of one stage that advertise a data port, in worker-number order. */
    public static Set<Endpoint> of(WorkerAssignments assignments) {
        Objects.requireNonNull(assignments, "assignments");
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        assignments.hosts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .map(Endpoints::of)
                .flatMap(Optional::stream)
                .forEach(endpoints::add);
        return Collections.unmodifiableSet(endpoints);
    }

    /**
     * The endpoint of one worker: its advertised TCP stream endpoint if any, else its host and first data
     * port; empty when the worker is not {@code Started} or has no port.
     */
    public static Optional<Endpoint> of(WorkerHost host) {
        Objects.requireNonNull(host, "host");
        if (host.state() != WorkerState.Started || host.host() == null) {
            return Optional.empty();
        }
        for (TransportEndpoint te : host.endpoints()) {
            if (te.transportId() == TransportId.TCP && te.plane() == Plane.STREAM) {
                int colon = te.address().lastIndexOf(':');
                if (colon > 0) {
                    String h = te.address().substring(0, colon);
                    int port = parsePort(te.address().substring(colon + 1));
                    if (port > 0) {
                        return Optional.of(new Endpoint(host.workerNumber(), host.workerIndex(), h, port));
                    }
                }
            }
        }
        if (host.port().isEmpty() || host.port().get(0) == null || host.port().get(0) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(host.workerNumber(), host.workerIndex(), host.host(), host.port().get(0)));
    }

    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(s);
            return port > 0 && port <= 65_535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
