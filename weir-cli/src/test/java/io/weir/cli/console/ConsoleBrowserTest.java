package io.weir.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.cli.LocalCluster;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real headless Chromium against a real master and agent (one of each, shared by the
 * scenarios; workers run inside the agent for speed): it shows a job's workers live, scales, submits and kills from
 * its buttons, follows a worker failing and coming back without a reload, and shows a read token no action.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final String CLUSTER = "{\"name\":\"console\",\"jobClass\":\"io.weir.examples.WordCountJob\","
            + "\"parameters\":{\"sentencesPerSecond\":\"50\"},\"stages\":{"
            + "\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":64}},"
            + "\"2\":{\"numWorkers\":2,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":64},\"scalable\":true,\"min\":1,\"max\":4},"
            + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":64}}},"
            + "\"eventTypes\":{\"produces\":[\"console.counts.v1\"]}}";
    private static final String TOO_BIG = "{\"name\":\"toobig\",\"jobClass\":\"io.weir.examples.WordCountJob\",\"stages\":{"
            + "\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":16,\"memoryMB\":64}},\"2\":{\"numWorkers\":1},\"3\":{\"numWorkers\":1}}}";

    private LocalCluster cluster;
    private TestHttp http;
    private Browser browser;
    private ConsoleSession console;
    private String jobId;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        Browser.requireInstalled();
        // A failed worker waits 1 s before its replacement, so the console has a moment to show it red.
        cluster = LocalCluster.start(dataDir, 1, Map.of("WEIR_RESUBMIT_STEPS_MS", "1000"),
                "--cpu", "8", "--memory-mb", "4096", "--worker-mode", "in-agent");
        http = cluster.http();
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        jobId = http.post("/api/v1/jobClusters/console/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> startedWorkers(jobId) == 4);
        browser = Browser.start(1280, 900);
        console = new ConsoleSession(browser, cluster.masterUrl());
    }

    @AfterAll
    void stop() throws Exception {
        try (var c = cluster; var b = browser) {
            // closed in reverse order
        }
    }

    @AfterEach
    void noErrorsInTheBrowser() {
        assertThat(browser.errors()).as("errors the page logged").isEmpty();
    }

    @Test
    void showsTheRunningJobsWorkersAndEveryPage() throws Exception {
        console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
        console.open("#/jobs/" + jobId);
        int workers = startedWorkers(jobId);
        console.waitFor(".tile[data-state='Started']", workers);
        console.waitFor("tr[data-worker]", workers);
        browser.waiting(ConsoleSession.WAIT).until(d -> console.one("tr[data-worker]").getText().matches("(?s).*Started.*agent-0.*"));
        browser.waiting(ConsoleSession.WAIT).until(d -> console.all(".tile .rates").stream().anyMatch(e -> e.getText().matches("in \\d.*")));
        browser.screenshot("job-wide");

        assertThat(http.post("/api/v1/jobClusters", TOO_BIG).status()).isEqualTo(201);
        String waiting = http.post("/api/v1/jobClusters/toobig/jobs", "").body().get("jobId").asText();
        var shows = Map.of("clusters", "toobig", "agents", "agent-0", "reservations", "16 cores", "services", "console.counts.v1",
                "clusters/console", "WordCountJob", "jobs", waiting);
        for (var page : shows.entrySet()) {
            console.open("#/" + page.getKey());
            browser.waiting(ConsoleSession.WAIT).until(d -> console.one("main").getText().contains(page.getValue()));
            assertThat(console.one("main").getText()).as(page.getKey()).doesNotContain("[object").doesNotContain("undefined");
            browser.screenshot("page-" + page.getKey().replace('/', '-'));
        }
        http.delete("/api/v1/jobs/" + waiting);
        console.open("#/jobs");
        browser.waiting(ConsoleSession.WAIT).until(d -> console.one("tr[data-job='" + jobId + "']").getText()
                .contains(workers + "/" + workers + " started"));

        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        console.open("#/jobs/" + jobId);
        console.waitFor(".tile[data-state='Started']", workers);
        browser.screenshot("job-phone");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    @Test
    void anUnknownTokenIsRefusedAndAReadTokenSeesNoActionButtons() throws Exception {
        assertThat(console.signInRefused("not-a-token-of-this-master")).startsWith("unknown token: this master has no such token");
        assertThat(browser.errors()).as("the refused call is the only error").singleElement().asString()
                .contains("/api/v1/session").contains("401");

        console.signIn(TestSecrets.READ_TOKEN, "read");
        console.open("#/jobs/" + jobId);
        console.waitFor(".tile[data-state='Started']", startedWorkers(jobId));
        console.open("#/clusters/console");
        browser.waiting(ConsoleSession.WAIT).until(d -> !console.all("pre.definition").isEmpty());
        assertThat(console.all("main button")).isEmpty();
        console.open("#/jobs/" + jobId);
        console.waitFor("tr[data-worker]", startedWorkers(jobId));
        assertThat(console.all("main button")).isEmpty();
        browser.screenshot("read-only");
    }

    @Test
    void aWorkerFailingBehindTheConsolesBackTurnsRedThenGreenWithoutAReload() throws Exception {
        watchFirstWorkerOfStage2();
        var latencies = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            int worker = worker(jobId, 1, 0).get("workerNumber").asInt();
            long before = System.currentTimeMillis();
            workerEvent(worker, "\"state\":\"Failed\",\"reason\":\"failed behind the console's back\"");
            browser.waiting(ConsoleSession.WAIT).until(d -> console.tileSeenSince(before, "bad") > 0);
            latencies.add(console.tileSeenSince(before, "bad") - before);
            if (i == 0) {
                browser.screenshot("worker-failed");
            }
            browser.waiting(ConsoleSession.WAIT).until(d -> console.tileSeenSince(before, "tile ok") > 0);
            await().atMost(ConsoleSession.WAIT).until(() -> startedWorkers(jobId) == 4);
        }
        assertThat(console.notReloaded()).isTrue();
        latencies.sort(null);
        System.out.println("console: a worker's failure shows after " + latencies + " ms (p50 " + latencies.get(latencies.size() / 2) + " ms)");
    }

    @Test
    void aWorkerThatTakesNoNewSessionsShowsWhyAndRecoversWithoutAReload() throws Exception {
        watchFirstWorkerOfStage2();
        int worker = worker(jobId, 1, 0).get("workerNumber").asInt();
        long before = System.currentTimeMillis();
        workerEvent(worker, "\"load\":{\"sessions\":0,\"available\":false,\"reason\":\"draining\"}");
        browser.waiting(ConsoleSession.WAIT).until(d -> console.tileSeenSince(before, "tile busy") > 0);
        browser.waiting(ConsoleSession.WAIT).until(d -> console.one(".tile[data-unavailable='draining']").getText().contains("draining")
                && console.one("tr[data-worker='" + worker + "']").getText().contains("takes no new sessions: draining"));
        browser.screenshot("worker-draining");

        long again = System.currentTimeMillis();
        workerEvent(worker, "\"load\":{\"sessions\":0,\"available\":true}");
        browser.waiting(ConsoleSession.WAIT).until(d -> console.tileSeenSince(again, "tile ok") > 0);
        assertThat(console.notReloaded()).isTrue();
    }

    @Test
    void scalingFromTheConsoleChangesTheWorkerCount() throws Exception {
        console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
        console.open("#/jobs/" + jobId);
        console.click("button.scale[data-stage='2']");
        console.confirm("workers", "3");
        await().atMost(ConsoleSession.WAIT).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("numWorkers").asInt() == 3);
        console.waitFor(".stage[data-stage='2'] .tile[data-state='Started']", 3);
        browser.screenshot("scaled");
        console.click("button.scale[data-stage='2']");
        console.confirm("workers", "2");
        console.waitFor(".stage[data-stage='2'] .tile", 2);

        console.click("button.scale[data-stage='2']");
        String refusal = console.refused("workers", "9");
        assertThat(refusal).isEqualTo(http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage",
                "{\"StageNumber\":2,\"NumWorkers\":9}").body().get("error").asText()).contains("9");
        console.cancel();
        assertThat(browser.errors()).as("the refused call is the only error").singleElement().asString()
                .contains("/actions/scaleStage").contains("400");
        assertThat(http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("numWorkers").asInt()).isEqualTo(2);
    }

    @Test
    void resubmittingAWorkerFromTheConsoleReplacesIt() throws Exception {
        console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
        console.open("#/jobs/" + jobId);
        int worker = worker(jobId, 2, 0).get("workerNumber").asInt();
        console.click("button.resubmit[data-worker='" + worker + "']");
        console.confirm("reason", "a fresh start");
        await().atMost(ConsoleSession.WAIT).until(() -> worker(jobId, 2, 0).get("workerNumber").asInt() != worker);
        int replacement = worker(jobId, 2, 0).get("workerNumber").asInt();
        console.waitFor(".tile[data-worker-number='" + replacement + "'][data-state='Started']", 1);
        assertThat(worker(jobId, 2, 0).get("lastFailure").asText()).contains("a fresh start");
    }

    @Test
    void submittingAndKillingFromTheConsole() throws Exception {
        console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
        console.open("#/clusters/console");
        console.click("button.submit");
        console.confirm(null, null);
        browser.waiting(ConsoleSession.WAIT).until(d -> d.getCurrentUrl().matches(".*#/jobs/console-\\d+") && !d.getCurrentUrl().endsWith("/" + jobId));
        String submitted = browser.driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        console.waitFor(".tile[data-state='Started']", 4);
        console.click("button.kill");
        console.confirm("reason", "done with it");
        await().atMost(ConsoleSession.WAIT).until(() -> http.get("/api/v1/jobs/" + submitted).body().get("state").asText().equals("Killed"));
        browser.waiting(ConsoleSession.WAIT).until(d -> console.one("#job-state").getText().equals("Killed"));
        assertThat(console.all("button.kill")).isEmpty();
        browser.screenshot("killed");
    }

    /** Signs in as admin, opens the job's page once every worker shows, and watches stage 2's first tile. */
    private void watchFirstWorkerOfStage2() {
        console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
        console.open("#/jobs/" + jobId);
        console.waitFor(".tile[data-state='Started']", startedWorkers(jobId));
        console.watchTile(2, 0);
    }

    /** Reports an event of the job's worker {@code worker} with {@code fields}, as an agent would; the master accepts it. */
    private void workerEvent(int worker, String fields) {
        var reply = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ","
                + fields + "}]}");
        assertThat(reply.text()).contains("\"ok\"");
    }

    private JsonNode worker(String job, int stageIndex, int workerIndex) {
        return http.get("/api/v1/jobs/" + job).body().get("stages").get(stageIndex).get("workers").get(workerIndex);
    }

    private int startedWorkers(String job) {
        int n = 0;
        for (var stage : http.get("/api/v1/jobs/" + job).body().get("stages")) {
            for (var w : stage.get("workers")) {
                n += w.get("state").asText().equals("Started") ? 1 : 0;
            }
        }
        return n;
    }
}
