package io.weir.master.job;

import io.weir.core.model.ArtifactPolicy;
import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobClusterDefinition;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.loop.ControlLoop;
import io.weir.master.store.MasterStore;
import io.weir.master.store.StoreBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The job clusters: create, update, delete, look up. Owned by the control loop; every change is durable before it applies. */
public final class ClusterCatalog {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterCatalog.class);

    private final ControlLoop loop;
    private final MasterStore store;
    private final DiscoveryHub discovery;
    private final Clock clock;
    private final Map<String, ClusterRecord> clusters = new TreeMap<>();
    private final ArtifactPolicy artifacts;
    private final int maxClusters;
    private final java.util.function.Predicate<String> storedArtifact;

    /** With the default artifact policy and limit. */
    public ClusterCatalog(ControlLoop loop, MasterStore store, DiscoveryHub discovery, Clock clock) {
        this(loop, store, discovery, clock, ArtifactPolicy.DEFAULT, io.weir.master.MasterConfig.DEFAULT_MAX_CLUSTERS);
    }

    /** Definitions must pass {@code artifacts}; at most {@code maxClusters} clusters are created. */
    public ClusterCatalog(ControlLoop loop, MasterStore store, DiscoveryHub discovery, Clock clock, ArtifactPolicy artifacts,
                          int maxClusters) {
        this(loop, store, discovery, clock, artifacts, maxClusters, sha256 -> true);
    }

    /** As above; a {@code master:<sha256>} artifact must be one {@code storedArtifact} knows (by its SHA-256). */
    public ClusterCatalog(ControlLoop loop, MasterStore store, DiscoveryHub discovery, Clock clock, ArtifactPolicy artifacts,
                          int maxClusters, java.util.function.Predicate<String> storedArtifact) {
        this.storedArtifact = storedArtifact;
        this.loop = loop;
        this.store = store;
        this.discovery = discovery;
        this.clock = clock;
        this.artifacts = artifacts;
        this.maxClusters = maxClusters;
    }

    /** Loads the stored clusters; called once by recovery. */
    void recover(List<ClusterRecord> stored) {
        loop.assertInLoop();
        for (var c : stored) {
            clusters.put(c.name(), c);
            discovery.openCluster(c.name(), latestJobId(c));
        }
    }

    public ClusterRecord create(JobClusterDefinition def) {
        loop.assertInLoop();
        validate(def);
        if (clusters.containsKey(def.name())) {
            throw new ConflictException("job cluster '" + def.name() + "' already exists: update it with PUT /api/v1/jobClusters/" + def.name());
        }
        if (clusters.size() >= maxClusters) {
            throw new ConflictException("job cluster '" + def.name() + "' cannot be created: there are already " + clusters.size()
                    + " job clusters, the limit (WEIR_MAX_CLUSTERS); delete unused ones or raise the limit");
        }
        long now = clock.millis();
        var record = new ClusterRecord(def, 0, now, now);
        store.write(new StoreBatch().insertCluster(record));
        clusters.put(def.name(), record);
        discovery.openCluster(def.name(), null);
        log.info("Created job cluster {} ({} stages)", def.name(), def.stages().size());
        return record;
    }

    public ClusterRecord update(String name, JobClusterDefinition def) {
        loop.assertInLoop();
        validate(def);
        if (!name.equals(def.name())) {
            throw new io.weir.core.model.InvalidDefinitionException("name: '" + def.name() + "' (expected: '" + name + "', the name in the path; clusters cannot be renamed)");
        }
        var updated = get(name).withDefinition(def, clock.millis());
        store.write(new StoreBatch().updateCluster(updated));
        clusters.put(name, updated);
        return updated;
    }

    private void validate(JobClusterDefinition def) {
        DefinitionValidator.validate(def);
        String problem = artifacts.problem(def.artifact(), def.artifactSha256());
        if (problem != null) {
            throw new InvalidDefinitionException(problem);
        }
        String stored = ArtifactPolicy.storedDigest(def.artifact());
        if (stored != null && !storedArtifact.test(stored)) {
            throw new InvalidDefinitionException("artifact " + def.artifact() + ": this master has no jar with that SHA-256 (upload it:"
                    + " weir clusters create FILE --artifact JAR, or POST /api/v1/artifacts)");
        }
    }

    /** Deletes a cluster with no active job, and its ended jobs' records. */
    public void delete(String name, boolean hasActiveJobs) {
        loop.assertInLoop();
        get(name);
        if (hasActiveJobs) {
            throw new ConflictException("job cluster '" + name + "' has active jobs: kill them first (DELETE /api/v1/jobs/{jobId})");
        }
        store.write(new StoreBatch().deleteCluster(name));
        clusters.remove(name);
        discovery.closeCluster(name);
    }

    public ClusterRecord get(String name) {
        var c = clusters.get(name);
        if (c == null) {
            throw new NotFoundException("job cluster '" + name + "' does not exist (GET /api/v1/jobClusters lists them)");
        }
        return c;
    }

    public List<ClusterRecord> list() {
        return new ArrayList<>(clusters.values());
    }

    /** Records that {@code record} now has a newer job; the caller writes it in the same batch as the job. */
    void put(ClusterRecord record) {
        clusters.put(record.name(), record);
    }

    static String latestJobId(ClusterRecord c) {
        return c.lastJobNumber() == 0 ? null : c.name() + "-" + c.lastJobNumber();
    }
}
