package io.weir.cli;

import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import io.weir.transport.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir master}: runs a master in the foreground until interrupted. */
@Command(name = "master", mixinStandardHelpOptions = true,
        description = "Run a master: REST API, discovery streams and the store (embedded H2 unless --store-url is given).")
final class MasterCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (default: WEIR_MASTER_PORT or 8100)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the HTTP port binds (default: WEIR_MASTER_BIND, else WEIR_MASTER_HOST, else 0.0.0.0)")
    String bind;

    @Option(names = "--data-dir", description = "Directory of the embedded store (default: WEIR_DATA_DIR or ./weir-data)")
    Path dataDir;

    @Option(names = "--store-url", description = "JDBC URL of the store, e.g. jdbc:postgresql://db/weir (default: WEIR_STORE_URL or H2 in the data directory)")
    String storeUrl;

    @Option(names = "--store-user", description = "Store user (default: WEIR_STORE_USER)")
    String storeUser;

    @Option(names = "--store-password", description = "Store password (default: WEIR_STORE_PASSWORD)")
    String storePassword;

    @Override
    public Integer call() throws Exception {
        var config = MasterConfig.fromSettings(Settings.fromProcess());
        if (port != null) {
            config = config.withPort(port);
        }
        if (bind != null) {
            config = config.withHost(bind);
        }
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (storeUrl != null || storeUser != null || storePassword != null) {
            config = config.withStore(storeUrl != null ? storeUrl : config.storeUrl(),
                    storeUser != null ? storeUser : config.storeUser(),
                    storePassword != null ? storePassword : config.storePassword());
        }
        var tls = TlsConfig.fromProcess();
        WeirMaster master;
        try {
            master = WeirMaster.start(config, WeirMaster.resourceScheduler(), Clock.systemUTC(), tls);
        } catch (RuntimeException e) {
            if (PortInUse.is(e)) {
                throw new IllegalArgumentException("port " + config.port() + " is in use: pick another with --port");
            }
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            master.close();
            stopped.countDown();
        }, "weir-master-shutdown"));
        System.out.println("Weir master on " + tls.scheme() + "://localhost:" + master.port() + " (bound to " + config.host() + ")" + " (store: "
                + (config.storeUrl() == null ? config.dataDir().toAbsolutePath() : "external") + ")");
        stopped.await();
        return ExitCodes.OK;
    }
}
