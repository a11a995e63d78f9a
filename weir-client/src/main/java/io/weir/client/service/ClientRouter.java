package io.weir.client.service;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientException;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.ServiceAssignment;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
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
 * Chooses workers without the director ({@link Routing#ROUND_ROBIN}): follows each cluster's newest job through
 * discovery and hands out its Started workers with endpoints in turn, skipping a worker a session reported failed for
 * {@value #SUSPECT_MILLIS} ms. Thread-safe.
 */
final class ClientRouter implements AutoCloseable {

    static final long SUSPECT_MILLIS = 5_000;
    private static final Duration FIRST_VIEW = Duration.ofSeconds(10);

    private record View(Sinks.Many<JobSchedulingInfo> latest, Disposable subscription, AtomicLong next) {
    }

    private final WeirClient client;
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final Map<String, Long> suspects = new ConcurrentHashMap<>();

    ClientRouter(WeirClient client) {
        this.client = client;
    }

    /** The next worker of {@code cluster}'s newest job for {@code request}; a 503 {@link WeirClientException} when none. */
    Mono<ServiceAssignment> assign(String cluster, AssignmentRequest request) {
        long now = System.currentTimeMillis();
        suspects.values().removeIf(until -> until <= now);
        if (request.failed() != null) {
            suspects.put(request.failed().jobId() + "/" + request.failed().workerNumber(), now + SUSPECT_MILLIS);
        }
        View view = views.computeIfAbsent(cluster, this::follow);
        return view.latest().asFlux().next().timeout(FIRST_VIEW, Mono.error(new WeirClientException(503,
                        "no discovery of cluster " + cluster + " within " + FIRST_VIEW.toSeconds() + " s")))
                .flatMap(info -> choose(cluster, info, request, view, now))
                .flatMap(a -> client.jobs().sinkTokenAsync(a.jobId()).map(token -> a.withToken(token.orElse(null))));
    }

    private View follow(String cluster) {
        Sinks.Many<JobSchedulingInfo> latest = Sinks.many().replay().latest();
        Disposable subscription = client.discovery().clusterSchedulingInfo(cluster).subscribe(latest::tryEmitNext, e -> { });
        return new View(latest, subscription, new AtomicLong());
    }

    private Mono<ServiceAssignment> choose(String cluster, JobSchedulingInfo info, AssignmentRequest request, View view, long now) {
        List<WorkerHost> candidates = new ArrayList<>();
        WorkerAssignments stage = info.workerAssignments() == null ? null
                : info.workerAssignments().entrySet().stream().max(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(null);
        if (stage != null) {
            for (WorkerHost w : stage.hosts().values()) {
                Long suspectUntil = suspects.get(info.jobId() + "/" + w.workerNumber());
                if (w.state() == WorkerState.Started && !w.endpoints().isEmpty() && !request.exclude().contains(w.workerNumber())
                        && (suspectUntil == null || suspectUntil <= now)) {
                    candidates.add(w);
                }
            }
        }
        if (candidates.isEmpty()) {
            return Mono.error(new WeirClientException(503, "no worker of " + cluster + " can take a session now (discovery lists "
                    + (stage == null ? 0 : stage.hosts().size()) + " Started, none usable)"));
        }
        candidates.sort(Comparator.comparingInt(WorkerHost::workerNumber));
        WorkerHost w = candidates.get((int) Math.floorMod(view.next().getAndIncrement(), (long) candidates.size()));
        return Mono.just(new ServiceAssignment(info.jobId(), w.workerNumber(), w.workerIndex(), w.host(), w.endpoints(), 0, null));
    }

    @Override
    public void close() {
        views.values().forEach(v -> v.subscription().dispose());
    }
}
