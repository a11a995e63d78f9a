package io.weir.master.testing;

import static org.awaitility.Awaitility.await;

import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import io.weir.master.job.JobSupervisorConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Starts real masters on a free port against a given store, with the in-process test scheduler. */
public final class MasterFixture implements AutoCloseable {

    private final String storeUrl;
    private final Path dataDir;
    private final JobSupervisorConfig supervisor;
    private final boolean realScheduler;
    private final io.weir.master.resource.ResourceClusterConfig resources;
    private WeirMaster master;
    private InProcessTestScheduler scheduler;
    private TestHttp http;
    private io.weir.transport.http.HttpServerLimits httpLimits;
    private long discoveryHeartbeatMillis = 200;
    private java.util.function.UnaryOperator<MasterConfig> configure = c -> c;

    /** Fast timings for tests: 500 ms heartbeat timeout, 50 ms checks, replacement steps 0, 100, 200 ms. */
    public static final JobSupervisorConfig FAST = new JobSupervisorConfig(500, 60_000, 50, List.of(0L, 100L, 200L), 300_000, 5, true, 10_000, 10_000);

    public MasterFixture(String storeUrl, Path dataDir, JobSupervisorConfig supervisor) {
        this(storeUrl, dataDir, supervisor, false, io.weir.master.resource.ResourceClusterConfig.DEFAULTS);
    }

    /** A master that schedules on its resource clusters (real agents or fakes speaking their HTTP contract). */
    public static MasterFixture withResourceClusters(String storeUrl, Path dataDir, JobSupervisorConfig supervisor,
                                                     io.weir.master.resource.ResourceClusterConfig resources) {
        return new MasterFixture(storeUrl, dataDir, supervisor, true, resources);
    }

    private MasterFixture(String storeUrl, Path dataDir, JobSupervisorConfig supervisor, boolean realScheduler,
                          io.weir.master.resource.ResourceClusterConfig resources) {
        this.storeUrl = storeUrl;
        this.dataDir = dataDir;
        this.supervisor = supervisor;
        this.realScheduler = realScheduler;
        this.resources = resources;
    }

    /** Starts masters with these limits on their HTTP port instead of the defaults. */
    public MasterFixture httpLimits(io.weir.transport.http.HttpServerLimits limits) {
        this.httpLimits = limits;
        return this;
    }

    /** Starts masters with their configuration changed by {@code change} (after everything else). */
    public MasterFixture configure(java.util.function.UnaryOperator<MasterConfig> change) {
        this.configure = change;
        return this;
    }

    /** Starts masters whose discovery streams beat this often (default 200 ms). */
    public MasterFixture discoveryHeartbeatMillis(long millis) {
        this.discoveryHeartbeatMillis = millis;
        return this;
    }

    public MasterFixture start() {
        var config = MasterConfig.fromSettings(Settings.empty())
                .withPort(0).withDataDir(dataDir).withStore(storeUrl, null, null)
                .withSupervisor(supervisor).withDiscovery(20, discoveryHeartbeatMillis).withResources(resources)
                .withSecurity(TestSecrets.config());
        if (httpLimits != null) {
            config = config.withHttp(httpLimits);
        }
        if (storeUrl.startsWith("jdbc:postgresql:")) {
            config = config.withStore(storeUrl, "postgres", "postgres");
        }
        config = configure.apply(config);
        master = WeirMaster.start(config, realScheduler ? WeirMaster.resourceScheduler()
                : (listener, resourceClusters) -> scheduler = new InProcessTestScheduler(listener), Clock.systemUTC());
        http = new TestHttp("http://127.0.0.1:" + master.port());
        await().atMost(Duration.ofSeconds(20)).until(master::isReady);
        return this;
    }

    /** Stops the master as a crash would leave it for the next one: nothing is cleaned up but memory. */
    public MasterFixture restart() {
        master.close();
        return start();
    }

    public TestHttp http() {
        return http;
    }

    public InProcessTestScheduler scheduler() {
        return scheduler;
    }

    public WeirMaster master() {
        return master;
    }

    @Override
    public void close() {
        if (master != null) {
            master.close();
            master = null; // closing again (a test that stopped the master, then its cleanup) does nothing
        }
    }
}
