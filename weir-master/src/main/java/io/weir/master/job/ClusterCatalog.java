package io.weir.master.job;

import io.weir.core.model.DefinitionValidator;
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

    public ClusterCatalog(ControlLoop loop, MasterStore store, DiscoveryHub discovery, Clock clock) {
        this.loop = loop;
        this.store = store;
        this.discovery = discovery;
        this.clock = clock;
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
        DefinitionValidator.validate(def);
        if (clusters.containsKey(def.name())) {
            throw new ConflictException("job cluster '" + def.name() + "' already exists: update it with PUT /api/v1/jobClusters/" + def.name());
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
        DefinitionValidator.validate(def);
        if (!name.equals(def.name())) {
            throw new io.weir.core.model.InvalidDefinitionException("name: '" + def.name() + "' (expected: '" + name + "', the name in the path; clusters cannot be renamed)");
        }
        var updated = get(name).withDefinition(def, clock.millis());
        store.write(new StoreBatch().updateCluster(updated));
        clusters.put(name, updated);
        return updated;
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
