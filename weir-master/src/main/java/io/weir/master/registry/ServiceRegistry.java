package io.weir.master.registry;

import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Lease;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceType;
import io.weir.core.security.JobTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's soft state: live instances (registered with a lease, or a Weir job's sink workers), the instances
 * whose lease lapsed (remembered for health for {@code forgetMillis}), and a revision that grows with every change
 * watchers see. A heartbeat that changes only figures renews the lease silently.
 *
 * <p>Thread-safety: one lock, this object's monitor, guards all of it. Every method holds it briefly and never blocks
 * inside; the {@link Listener} is called under it and must only hand work to another thread.
 */
public final class ServiceRegistry {

    /** What the registry tells the threads around it. */
    public interface Listener {
        /** The registry changed in a way watchers see. */
        void changed();

        /** Something falls due at {@code epochMillis} (a lease, a lapse to forget, the end of rebuilding): call {@link #expire} then. */
        void dueAt(long epochMillis);
    }

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);
    private static final String JOB_PREFIX = "job:";
    private static final Pattern LEASE_TOKEN = Pattern.compile("[A-Za-z0-9._~-]{16,256}");
    private static final Comparator<ServiceInstance> ORDER =
            Comparator.comparing(ServiceInstance::name).thenComparing(ServiceInstance::instanceId);

    private static final class Entry {
        ServiceInstance instance;
        long version;
        final String leaseToken;
        long ttl;
        long deadline;

        Entry(ServiceInstance instance, long version, String leaseToken, long ttl, long deadline) {
            this.instance = instance;
            this.version = version;
            this.leaseToken = leaseToken;
            this.ttl = ttl;
            this.deadline = deadline;
        }
    }

    private final RegistryConfig config;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private final Listener listener;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> live = new HashMap<>();
    private final Map<String, RegistrySnapshot.Lapse> lapsed = new HashMap<>();
    private final Map<String, Set<String>> jobInstances = new HashMap<>();
    /** The live entries sorted by name and id; null after a change of membership, sorted again on the next snapshot. */
    private List<Entry> ordered;
    private final long rebuildingUntil;
    private boolean rebuilding = true;
    private long revision;

    /** An empty registry, rebuilding for one default lease from now. */
    public ServiceRegistry(RegistryConfig config, Clock clock, RegistryMetrics metrics, Listener listener) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.listener = listener;
        this.rebuildingUntil = clock.millis() + config.leaseTtlMillis();
        metrics.bindInstances(this::count);
    }

    /**
     * Registers {@code r}, or re-registers its {@code instanceId}: a live id needs {@code presentedLease}, its lease
     * token (else 409). Refused with 400 (invalid), 409 (its service disagrees on type or event types) or 429 (full).
     */
    public Lease register(Registration r, String presentedLease) {
        List<String> problems = r.problems();
        if (r.instanceId() != null && r.instanceId().startsWith(JOB_PREFIX)) {
            problems = new ArrayList<>(problems);
            problems.add("instanceId: '" + r.instanceId() + "' (ids starting with 'job:' are the master's, for Weir jobs' "
                    + "workers; leave instanceId out or pick another)");
        }
        if (!problems.isEmpty()) {
            throw new RegistryException(400, null, String.join("; ", problems));
        }
        synchronized (this) {
            long now = clock.millis();
            Entry existing = r.instanceId() == null ? null : live.get(r.instanceId());
            if (existing != null && (presentedLease == null || !JobTokens.same(existing.leaseToken, presentedLease))) {
                throw new RegistryException(409, null, "instanceId: " + r.instanceId() + " is registered and its lease is live; "
                        + "re-registering it needs its lease token in X-Weir-Lease (or leave instanceId out for a new id)");
            }
            if (existing == null && presentedLease != null && !LEASE_TOKEN.matcher(presentedLease).matches()) {
                throw new RegistryException(400, null, "X-Weir-Lease: not a lease token (expected: 16 to 256 letters, digits, '-', "
                        + "'_', '.' or '~': a random one of your own for a new instance, which becomes its lease token)");
            }
            if (existing == null && live.size() >= config.maxInstances()) {
                throw new RegistryException(429, null, "the registry holds " + live.size() + " instances, its limit "
                        + "(WEIR_MAX_SERVICE_INSTANCES); deregister instances that are gone or raise the limit");
            }
            String conflict = disagreement(r);
            if (conflict != null) {
                throw new RegistryException(409, null, conflict);
            }
            String id = r.instanceId() != null ? r.instanceId() : newId(r.name());
            long ttl = r.leaseTtlMs() != null ? r.leaseTtlMs() : config.leaseTtlMillis();
            String token = existing != null ? existing.leaseToken : presentedLease != null ? presentedLease : newToken();
            var instance = new ServiceInstance(id, r.name(), r.type(), r.inputTypes(), r.outputTypes(), r.endpoints(),
                    r.health(), r.metadata(), existing == null ? null : existing.instance.figures(), ServiceInstance.REGISTERED,
                    null, null, existing == null ? now : existing.instance.registeredAt(), now + ttl);
            if (existing != null) {
                existing.ttl = ttl;
                existing.deadline = now + ttl;
                boolean changed = !sameForWatchers(existing.instance, instance);
                if (!existing.instance.name().equals(instance.name())) {
                    ordered = null;
                }
                existing.instance = instance;
                if (changed) {
                    existing.version = ++revision;
                    listener.changed();
                }
                log.info("Service instance {} of {} registered again ({}, lease {} ms)", id, r.name(), r.type(), ttl);
            } else {
                live.put(id, new Entry(instance, ++revision, token, ttl, now + ttl));
                ordered = null;
                if (lapsed.remove(id) != null) {
                    log.info("Service instance {} of {} is back after its lease lapsed", id, r.name());
                }
                log.info("Service instance {} of {} registered ({}, consumes {}, produces {}, lease {} ms)", id, r.name(), r.type(),
                        r.inputTypes(), r.outputTypes(), ttl);
                listener.changed();
            }
            metrics.registered();
            listener.dueAt(now + ttl);
            return lease(id, token, ttl);
        }
    }

    /**
     * Renews the lease of {@code instanceId} and replaces what {@code beat} carries; 404 ({@code unknown_instance}) when
     * the registry does not know it, 403 for a wrong lease. Only a change of health reaches watchers.
     */
    public Lease heartbeat(String instanceId, String presentedLease, Heartbeat beat) {
        List<String> problems = beat.problems();
        if (!problems.isEmpty()) {
            throw new RegistryException(400, null, String.join("; ", problems));
        }
        synchronized (this) {
            Entry e = owned(instanceId, presentedLease);
            long now = clock.millis();
            e.deadline = now + e.ttl;
            ServiceInstance i = e.instance;
            InstanceHealth health = beat.health() != null ? beat.health() : i.health();
            boolean changed = !health.equals(i.health());
            e.instance = new ServiceInstance(i.instanceId(), i.name(), i.type(), i.inputTypes(), i.outputTypes(), i.endpoints(),
                    health, i.metadata(), beat.figures() != null ? beat.figures() : i.figures(), i.origin(), i.jobId(),
                    i.workerIndex(), i.registeredAt(), e.deadline);
            if (changed) {
                e.version = ++revision;
                listener.changed();
            }
            metrics.heartbeat();
            return lease(instanceId, e.leaseToken, e.ttl);
        }
    }

    /** Removes {@code instanceId} for good (no lapse is remembered); 404 when unknown, 403 for a wrong lease. */
    public synchronized void deregister(String instanceId, String presentedLease) {
        Entry e = owned(instanceId, presentedLease);
        live.remove(instanceId);
        ordered = null;
        revision++;
        log.info("Service instance {} of {} deregistered", instanceId, e.instance.name());
        listener.changed();
    }

    private Entry owned(String instanceId, String presentedLease) {
        Entry e = live.get(instanceId);
        if (e == null) {
            throw new RegistryException(404, RegistryException.UNKNOWN_INSTANCE, "instance " + instanceId + " is not registered "
                    + "(the master restarted or its lease lapsed): register again with \"instanceId\": \"" + instanceId + "\"");
        }
        if (e.leaseToken == null) {
            throw new RegistryException(403, null, "instance " + instanceId + " is a Weir job's worker: it has no lease and lives "
                    + "as long as the worker");
        }
        if (presentedLease == null || !JobTokens.same(e.leaseToken, presentedLease)) {
            throw new RegistryException(403, null, "X-Weir-Lease: " + (presentedLease == null ? "missing" : "not the lease of instance "
                    + instanceId) + " (send the leaseToken its registration answered)");
        }
        return e;
    }

    /**
     * Replaces the instances of job {@code jobId} (its sink workers) with {@code instances}; an empty list removes them.
     * Job instances are never refused: they count toward the limit but do not wait for room.
     */
    public synchronized void putJob(String jobId, List<ServiceInstance> instances) {
        Set<String> before = jobInstances.getOrDefault(jobId, Set.of());
        Set<String> now = new HashSet<>();
        boolean changed = false;
        for (ServiceInstance i : instances) {
            now.add(i.instanceId());
            Entry e = live.get(i.instanceId());
            if (e == null) {
                live.put(i.instanceId(), new Entry(i, ++revision, null, 0, Long.MAX_VALUE));
                ordered = null;
                log.info("Job worker {} is an instance of service {} ({})", i.instanceId(), i.name(), i.health().status());
                changed = true;
            } else if (!sameForWatchers(e.instance, i)) {
                if (!e.instance.name().equals(i.name())) {
                    ordered = null;
                }
                e.instance = i;
                e.version = ++revision;
                changed = true;
            }
        }
        for (String gone : before) {
            if (!now.contains(gone) && live.remove(gone) != null) {
                ordered = null;
                revision++;
                log.info("Job worker {} is no longer a service instance", gone);
                changed = true;
            }
        }
        if (now.isEmpty()) {
            jobInstances.remove(jobId);
        } else {
            jobInstances.put(jobId, now);
        }
        if (changed) {
            listener.changed();
        }
    }

    /** Removes the instances of a job that ended. */
    public void removeJob(String jobId) {
        putJob(jobId, List.of());
    }

    /** Lapses every lease that is due, forgets lapses older than {@code forgetMillis}, and ends rebuilding when due. */
    public synchronized void expire() {
        long now = clock.millis();
        boolean changed = false;
        for (Iterator<Entry> it = live.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.deadline <= now) {
                it.remove();
                ordered = null;
                lapsed.put(e.instance.instanceId(), new RegistrySnapshot.Lapse(e.instance, e.deadline));
                metrics.lapsed();
                log.info("Lease of service instance {} of {} lapsed ({} ms without a heartbeat)", e.instance.instanceId(),
                        e.instance.name(), e.ttl);
                changed = true;
            }
        }
        changed |= lapsed.values().removeIf(l -> l.at() + config.forgetMillis() <= now);
        if (rebuilding && now >= rebuildingUntil) {
            rebuilding = false;
            changed = true;
        }
        if (changed) {
            revision++;
            listener.changed();
        }
    }

    /** When {@link #expire} has something to do next (epoch millis), {@code Long.MAX_VALUE} when nothing is pending. */
    public synchronized long nextDueAt() {
        long next = rebuilding ? rebuildingUntil : Long.MAX_VALUE;
        for (Entry e : live.values()) {
            next = Math.min(next, e.deadline);
        }
        for (var l : lapsed.values()) {
            next = Math.min(next, l.at() + config.forgetMillis());
        }
        return next;
    }

    /** The registry now, for queries and views. */
    public synchronized RegistrySnapshot snapshot() {
        if (ordered == null) {
            ordered = new ArrayList<>(live.values());
            ordered.sort(Comparator.comparing(e -> e.instance, ORDER));
        }
        var instances = new ArrayList<RegistrySnapshot.Listed>(ordered.size());
        for (Entry e : ordered) {
            instances.add(new RegistrySnapshot.Listed(e.instance, e.version));
        }
        List<RegistrySnapshot.Lapse> lapses = rebuilding ? List.of()
                : lapsed.values().stream().sorted(Comparator.comparing(RegistrySnapshot.Lapse::instance, ORDER)).toList();
        return new RegistrySnapshot(revision, rebuilding, instances, lapses);
    }

    /** The live instance {@code instanceId}. */
    public synchronized Optional<ServiceInstance> instance(String instanceId) {
        return Optional.ofNullable(live.get(instanceId)).map(e -> e.instance);
    }

    public synchronized long revision() {
        return revision;
    }

    /** Live instances of type {@code type}. */
    public synchronized int count(ServiceType type) {
        int n = 0;
        for (Entry e : live.values()) {
            if (e.instance.type() == type) {
                n++;
            }
        }
        return n;
    }

    /** The first way {@code r} disagrees with the other live instances of its service, as a sentence; null when it agrees. */
    private String disagreement(Registration r) {
        for (Entry e : live.values()) {
            ServiceInstance other = e.instance;
            if (!other.name().equals(r.name()) || other.instanceId().equals(r.instanceId())) {
                continue;
            }
            String field = other.type() != r.type() ? "type"
                    : !new TreeSet<>(other.inputTypes()).equals(new TreeSet<>(r.inputTypes())) ? "inputTypes"
                    : !new TreeSet<>(other.outputTypes()).equals(new TreeSet<>(r.outputTypes())) ? "outputTypes" : null;
            if (field != null) {
                return field + ": service " + r.name() + " is a " + other.type() + " consuming " + new TreeSet<>(other.inputTypes())
                        + " and producing " + new TreeSet<>(other.outputTypes()) + " (instance " + other.instanceId()
                        + "); this registration says " + r.type() + " consuming " + new TreeSet<>(r.inputTypes()) + " and producing "
                        + new TreeSet<>(r.outputTypes()) + ": register under another name, or stop the other instances first";
            }
        }
        return null;
    }

    /** Whether watchers would see no difference between {@code a} and {@code b} (figures and lease times aside). */
    static boolean sameForWatchers(ServiceInstance a, ServiceInstance b) {
        return a.name().equals(b.name()) && a.type() == b.type() && a.inputTypes().equals(b.inputTypes())
                && a.outputTypes().equals(b.outputTypes()) && a.endpoints().equals(b.endpoints()) && a.health().equals(b.health())
                && a.metadata().equals(b.metadata()) && a.origin().equals(b.origin());
    }

    private Lease lease(String id, String token, long ttl) {
        return new Lease(id, token, ttl, ttl / 3);
    }

    private String newId(String name) {
        byte[] bytes = new byte[6];
        String id;
        do {
            random.nextBytes(bytes);
            id = name + "-" + HexFormat.of().formatHex(bytes);
        } while (live.containsKey(id) || lapsed.containsKey(id));
        return id;
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
