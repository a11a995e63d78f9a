package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboards under docs/grafana query only metrics that Weir exposes (docs/metrics.md, checked against scrapes). */
class GrafanaDashboardTest {

    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void everyMetricTheJobDashboardQueriesIsInTheMetricsReference() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("..", "docs", "grafana", "weir-job.json")));
        var documented = MetricsReference.parse(Files.readString(MetricsReference.DOC)).keySet();
        var queried = new TreeSet<String>();
        for (String expr : expressions(dashboard)) {
            for (Pattern p : List.of(SELECTED, LABEL_VALUES)) {
                Matcher m = p.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(8);
        assertThat(queried).filteredOn(name -> !PROMETHEUS_OWN.contains(name) && !documented.contains(family(name)))
                .as("queried but not exposed by any Weir process (see docs/metrics.md)").isEmpty();
        assertThat(dashboard.at("/templating/list").findValuesAsText("name")).contains("job");
    }

    private static List<String> expressions(JsonNode dashboard) {
        var exprs = new ArrayList<String>();
        dashboard.findValues("expr").forEach(n -> exprs.add(n.asText()));
        dashboard.at("/templating/list").forEach(v -> exprs.add(v.path("definition").asText()));
        return exprs;
    }

    /** A histogram's series name without its suffix. */
    private static String family(String series) {
        return series.replaceAll("_(bucket|count|sum)$", "");
    }
}
