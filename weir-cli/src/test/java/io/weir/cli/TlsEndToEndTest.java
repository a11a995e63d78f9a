package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.rest.TaskExecutorInfo;
import io.weir.client.service.ServiceClient;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.master.testing.TestSecrets;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.testing.TestCertificates;
import io.weir.transport.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A master and two agents as real processes with mutual TLS on every plane (REST, discovery, agent API, heartbeats,
 * the workers' TCP data plane, sink and metrics servers): the word count runs and its sink is read over https.
 */
class TlsEndToEndTest {

    private static final Pattern AGENT_READY = Pattern.compile("Weir agent \\S+ on \\S+ registered");
    private static final Pattern COUNT = Pattern.compile("\"word\":\"([a-z]+)\",\"count\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void jobsRunWithMutualTlsEverywhereReadEachOtherAndTheirSinksAreReadOverHttps() throws Exception {
        var certs = TestCertificates.create(dir.resolve("certs"));
        Map<String, String> env = Map.of(TlsConfig.CERT, certs.nodeCert().toString(), TlsConfig.KEY, certs.nodeKey().toString(),
                TlsConfig.CA, certs.ca().toString(), TlsConfig.CLIENT_AUTH, "require");
        var tls = TlsConfig.of(certs.clientCert(), certs.clientKey(), certs.ca(), ClientAuth.NONE);
        var processes = new ArrayList<AutoCloseable>();
        try (var master = MasterProcess.start(dir.resolve("data"), env)) {
            assertThat(master.url()).startsWith("https://");
            try (var api = new MasterApi(WeirClient.create(WeirClientConfig.of(master.url()).withToken(TestSecrets.ADMIN_TOKEN), tls))) {
                await().atMost(Duration.ofSeconds(30)).until(api::ready);
                for (int i = 0; i < 2; i++) {
                    processes.add(WeirProcess.start(AGENT_READY, env, "agent", "--master", master.url(), "--id", "agent-" + i,
                            "--cpu", "2", "--memory-mb", "2048", "--host", "127.0.0.1"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> api.liveAgents() == 2);
                assertThat(api.client().resourceClusters().taskExecutors("default")).extracting(TaskExecutorInfo::metricsUrl)
                        .allMatch(url -> url.startsWith("https://127.0.0.1:"));

                String jobId = api.ensureWordCount("wordcount");
                await().atMost(Duration.ofSeconds(60)).until(() -> api.allStarted(jobId));

                assertThat(api.tail(jobId, 20)).hasSize(20).allMatch(r -> COUNT.matcher(r).find());
                String topWords = api.ensureTopWords("topwords", "wordcount");
                await().atMost(Duration.ofSeconds(60)).until(() -> api.allStarted(topWords));
                assertThat(api.tail(topWords, 3)).as("a job reads another job's sink over TLS with its job token")
                        .hasSize(3).allMatch(r -> r.contains("\"top\""));
                String sink = api.sink(jobId);
                String sinkToken = api.client().jobs().sinkToken(jobId).orElseThrow();
                assertThat(firstLine(tls, "https://" + sink + "/?clientId=test&token=" + sinkToken)).containsPattern(COUNT);
                var first = api.job(jobId).stages().get(0).workers().get(0);
                assertThat(tlsHandshakeSucceeds(tls, first.host(), first.ports().get(0))).isTrue();
                assertThat(firstLine(tls, "https://127.0.0.1:" + first.metricsPort() + "/metrics")).isNotEmpty();

                serviceSessionOverTls(api, certs);
                refusals(master, certs);
                tailThroughTheCli(master.url(), certs);
            }
        } finally {
            for (var p : processes.reversed()) {
                p.close();
            }
        }
    }

    /** A streaming service's session: its worker serves the tcp request plane over TLS, so only a TLS caller is answered. */
    private static void serviceSessionOverTls(MasterApi api, TestCertificates certs) {
        api.createCluster("""
                {"name":"tokens","jobClass":"io.weir.examples.TokenServiceJob","parameters":{"tokensPerSecond":"2000"},
                 "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":256}}}}""");
        String jobId = api.submit("tokens");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.allStarted(jobId));
        Map<String, String> planes = Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_TCP_POOL_MIN_IDLE", "0",
                TlsConfig.CERT, certs.clientCert().toString(), TlsConfig.KEY, certs.clientKey().toString(), TlsConfig.CA, certs.ca().toString());
        try (var services = ServiceClient.create(api.client(), planes, new SimpleMeterRegistry());
             var session = services.session("tokens").parameter("count", "50").open()) {
            assertThat(session.responses().collectList().block(Duration.ofSeconds(30))).hasSize(50);
        }
        Map<String, String> plaintext = Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_TCP_POOL_MIN_IDLE", "0");
        try (var services = ServiceClient.create(api.client(), plaintext, new SimpleMeterRegistry());
             var session = services.session("tokens").parameter("count", "50").failoverTimeout(Duration.ofSeconds(2)).open()) {
            assertThatThrownBy(() -> session.responses().collectList().block(Duration.ofSeconds(30)))
                    .as("a plaintext caller gets no token from a TLS worker").hasMessageContaining("no worker of tokens took session");
        }
    }

    private static void refusals(MasterProcess master, TestCertificates certs) {
        var anonymous = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE);
        try (var client = WeirClient.create(WeirClientConfig.of(master.url()).withRequestTimeoutMillis(5_000), anonymous)) {
            assertThatThrownBy(client::isHealthy).as("a client without a certificate").isInstanceOf(RuntimeException.class);
        }
        try (var client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + master.port()).withRequestTimeoutMillis(5_000),
                TlsConfig.disabled())) {
            assertThatThrownBy(client::isHealthy).as("plain http").isInstanceOf(RuntimeException.class);
        }
    }

    private static void tailThroughTheCli(String masterUrl, TestCertificates certs) throws Exception {
        var exit = WeirProcess.run(60, Map.of(TlsConfig.CERT, certs.clientCert().toString(), TlsConfig.KEY, certs.clientKey().toString()),
                "tail", "wordcount", "--limit", "5", "--master", masterUrl, "--ca", certs.ca().toString());

        assertThat(exit.code()).as(exit.output()).isZero();
        assertThat(exit.output().lines().filter(l -> COUNT.matcher(l).find()).count()).as(exit.output()).isEqualTo(5);
    }

    private static String firstLine(TlsConfig tls, String url) {
        return tls.applyTo(HttpClient.create()).get().uri(url)
                .responseContent().asString()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .next()
                .switchIfEmpty(Mono.error(new IllegalStateException("nothing from " + url)))
                .block(Duration.ofSeconds(20));
    }

    /** Whether a stream connection to the worker's data port completes a TLS handshake that trusts our CA. */
    private static boolean tlsHandshakeSucceeds(TlsConfig tls, String host, int port) {
        var group = TcpChannels.newGroup(1);
        try {
            var client = new TcpClient(group, tls.applyTo(TcpSettings.DEFAULTS), TransportMetrics.noop(TransportId.TCP, Plane.STREAM));
            var connection = client.connect(new InetSocketAddress(host, port)).get(10, TimeUnit.SECONDS);
            connection.close().join();
            return true;
        } catch (Exception e) {
            throw new AssertionError("no TLS stream connection to " + host + ":" + port, e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
