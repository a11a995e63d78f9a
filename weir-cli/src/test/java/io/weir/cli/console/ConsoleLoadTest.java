package io.weir.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.master.job.JobSupervisorConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the web console shows a busy master: 100 active jobs of 20 workers each, placed at once by the test
 * scheduler (no agents), measured in the browser from navigation start to the jobs list (and a job) on screen.
 */
class ConsoleLoadTest {

    private static final int JOBS = 100;
    private static final String CLUSTER = "{\"name\":\"load\",\"jobClass\":\"io.weir.examples.WordCountJob\",\"stages\":{"
            + "\"1\":{\"numWorkers\":1},\"2\":{\"numWorkers\":18},\"3\":{\"numWorkers\":1}}}";

    @TempDir
    Path dataDir;

    @Test
    void firstPaintWithAHundredJobsOfTwentyWorkers() throws Exception {
        Browser.requireInstalled();
        try (var fixture = new MasterFixture(Stores.h2(dataDir), dataDir, JobSupervisorConfig.DEFAULTS).start();
             var browser = Browser.start(1280, 900)) {
            var http = fixture.http();
            assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
            for (int i = 0; i < JOBS; i++) {
                assertThat(http.post("/api/v1/jobClusters/load/jobs", "").status()).isEqualTo(201);
            }
            var console = new ConsoleSession(browser, http.base());
            console.signIn(TestSecrets.ADMIN_TOKEN, "admin");

            var jobsList = new ArrayList<Long>();
            var jobPage = new ArrayList<Long>();
            for (int i = 0; i < 3; i++) {
                jobsList.add(firstPaint(browser, console, http.base() + "/#/jobs", "weir-jobs-shown", "tr[data-job]", JOBS));
                jobPage.add(firstPaint(browser, console, http.base() + "/#/jobs/load-" + (i + 1), "weir-job-shown", ".tile", 20));
            }
            browser.screenshot("load-jobs");
            assertThat(browser.errors()).isEmpty();
            System.out.println("console: first paint of " + JOBS + " jobs x 20 workers: jobs list " + median(jobsList)
                    + " ms, one job's page " + median(jobPage) + " ms (medians of " + jobsList + " and " + jobPage + ")");
        }
    }

    /** Loads {@code url} afresh and answers when (ms after navigation start) the page marked {@code mark}. */
    private static long firstPaint(Browser browser, ConsoleSession console, String url, String mark, String css, int count) {
        browser.driver.get("about:blank");
        browser.driver.get(url);
        console.waitFor(css, count);
        return Math.round(((Number) browser.script("return performance.getEntriesByName(arguments[0])[0].startTime", mark)).doubleValue());
    }

    private static long median(List<Long> values) {
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
