package io.weir.client.service;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientException;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.ServiceAssignment;
import io.weir.core.model.ServiceWorkers;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Chooses workers without the director ({@link Routing#ROUND_ROBIN}, {@link Routing#LEAST_LOADED}): follows each
 * cluster's newest job through discovery and hands out its Started workers with endpoints in turn, or the one serving
 * the fewest of this client's sessions, skipping a worker a session reported failed for {@value #SUSPECT_MILLIS} ms.
 * Thread-safe.
 */
final class ClientRouter implements AutoCloseable {

    static final long SUSPECT_MILLIS = 5_000;
    private static final Duration FIRST_VIEW = Duration.ofSeconds(10);

    private record View(Sinks.Many<JobSchedulingInfo> latest, Disposable subscription, AtomicLong next) {
    }

    private final WeirClient client;
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final Map<String, Long> suspects = new ConcurrentHashMap<>();
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    ClientRouter(WeirClient client) {
        this.client = client;
    }

    /** Counts a session of this client on worker {@code workerNumber} of {@code jobId} ({@code delta} 1) or ends it (-1). */
    void serving(String jobId, int workerNumber, int delta) {
        sessions.compute(jobId + "/" + workerNumber, (k, n) -> {
            int now = (n == null ? 0 : n) + delta;
            return now <= 0 ? null : now;
        });
    }

    /** The next worker of {@code cluster}'s newest job for {@code request}; a 503 {@link WeirClientException} when none. */
    Mono<ServiceAssignment> assign(String cluster, AssignmentRequest request, Routing routing) {
        long now = System.currentTimeMillis();
        suspects.values().removeIf(until -> until <= now);
        if (request.failed() != null) {
            suspects.put(request.failed().jobId() + "/" + request.failed().workerNumber(), now + SUSPECT_MILLIS);
        }
        View view = views.computeIfAbsent(cluster, this::follow);
        return view.latest().asFlux().next().timeout(FIRST_VIEW, Mono.error(new WeirClientException(503,
                        "no discovery of cluster " + cluster + " within " + FIRST_VIEW.toSeconds() + " s")))
                .flatMap(info -> choose(cluster, info, request, routing, view, now))
                .flatMap(a -> client.jobs().sinkTokenAsync(a.jobId()).map(token -> a.withToken(token.orElse(null))));
    }

    private View follow(String cluster) {
        Sinks.Many<JobSchedulingInfo> latest = Sinks.many().replay().latest();
        Disposable subscription = client.discovery().clusterSchedulingInfo(cluster).subscribe(latest::tryEmitNext, e -> { });
        return new View(latest, subscription, new AtomicLong());
    }

    private Mono<ServiceAssignment> choose(String cluster, JobSchedulingInfo info, AssignmentRequest request, Routing routing,
                                           View view, long now) {
        List<WorkerHost> candidates = new ArrayList<>();
        List<String> why = new ArrayList<>();
        WorkerAssignments stage = ServiceWorkers.servingStage(info);
        if (stage != null) {
            for (WorkerHost w : stage.hosts().values()) {
                Long suspectUntil = suspects.get(info.jobId() + "/" + w.workerNumber());
                String skip = ServiceWorkers.unusable(w, request.exclude());
                if (skip == null) {
                    skip = ServiceWorkers.unavailable(w);
                }
                if (skip == null && suspectUntil != null && suspectUntil > now) {
                    skip = "is suspect for " + (suspectUntil - now) + " ms more";
                }
                if (skip == null) {
                    candidates.add(w);
                } else {
                    why.add("worker " + w.workerNumber() + " " + skip);
                }
            }
        }
        if (candidates.isEmpty()) {
            return Mono.error(new WeirClientException(503, "no worker of " + cluster + " can take a session now"
                    + (why.isEmpty() ? ": discovery lists no Started worker" : ": " + String.join("; ", why))));
        }
        candidates.sort(Comparator.comparingInt(WorkerHost::workerNumber));
        int first = (int) Math.floorMod(view.next().getAndIncrement(), (long) candidates.size());
        List<WorkerHost> order = new ArrayList<>(candidates.subList(first, candidates.size()));
        order.addAll(candidates.subList(0, first));
        if (routing == Routing.LEAST_LOADED) {
            order.sort(Comparator.comparingInt(w -> load(info.jobId(), w))); // stable: in turn among equals
        }
        return Mono.just(ServiceWorkers.choose(info.jobId(), order, request.movedTo(), w -> load(info.jobId(), w)));
    }

    private int load(String jobId, WorkerHost w) {
        return sessions.getOrDefault(jobId + "/" + w.workerNumber(), 0);
    }

    @Override
    public void close() {
        views.values().forEach(v -> v.subscription().dispose());
    }
}
