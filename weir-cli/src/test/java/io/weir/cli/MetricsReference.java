package io.weir.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code docs/metrics.md}: one row per metric family that a Weir process exposes (type, which processes, labels,
 * meaning), rendered from scrapes merged into the rows already written (a family only seen after an event stays).
 */
final class MetricsReference {

    static final java.nio.file.Path DOC = java.nio.file.Path.of("..", "docs", "metrics.md");

    /** One documented family. */
    record Row(String name, String type, TreeSet<String> from, TreeSet<String> labels, String help) {
    }

    private static final String HEADER = """
            # Metrics reference

            Every Weir process serves Prometheus text on `GET /metrics`: the master on its HTTP port, each agent on its
            port, each worker on the `metricsPort` it reports (listed by `GET /api/v1/prometheus/targets`, see
            [deploy.md](deploy.md#prometheus)). Prometheus adds the target labels `weir_role`, `weir_job_id`, `weir_cluster`,
            `weir_stage`, `weir_worker_index`, `weir_worker_number` and `weir_agent_id` from the master's service discovery.
            A `job` label on a worker's series is the Weir job id (scrape with `honor_labels: true` to keep it).

            This file is generated from scrapes of a running cluster by `PrometheusEndToEndTest` (run it with
            `-Dweir.docs.write=true` to rewrite it); a family that appears only after an event (a refusal, a failover) is
            kept once seen. Histograms also have `_bucket`, `_count` and `_sum` series; timers a `_max` gauge.

            | Metric | Type | From | Labels | Meaning |
            |---|---|---|---|---|
            """;

    private MetricsReference() {
    }

    /** The rows of a rendered reference. */
    static Map<String, Row> parse(String markdown) {
        Map<String, Row> rows = new TreeMap<>();
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
            String name = strip(cells[0]);
            rows.put(name, new Row(name, cells[1].trim(), set(cells[2]), set(cells[3]), cells[4].trim().replace("\\|", "|")));
        }
        return rows;
    }

    /** {@code rows} with every scraped family of each role added or brought up to date. */
    static Map<String, Row> merge(Map<String, Row> rows, Map<String, ScrapedMetrics> byRole) {
        Map<String, Row> merged = new TreeMap<>(rows);
        byRole.forEach((role, scraped) -> scraped.families().values().forEach(f -> {
            var old = merged.get(f.name());
            var from = new TreeSet<String>();
            var labels = new TreeSet<>(f.labels());
            if (old != null) {
                from.addAll(old.from());
                labels.addAll(old.labels());
            }
            from.add(role);
            merged.put(f.name(), new Row(f.name(), f.type(), from, labels, f.help()));
        }));
        return merged;
    }

    static String render(Map<String, Row> rows) {
        var out = new StringBuilder(HEADER);
        rows.values().forEach(r -> out.append("| `").append(r.name()).append("` | ").append(r.type()).append(" | ")
                .append(String.join(", ", r.from())).append(" | ")
                .append(String.join(", ", r.labels().stream().map(l -> "`" + l + "`").toList())).append(" | ")
                .append(r.help().replace("|", "\\|")).append(" |\n"));
        return out.toString();
    }

    private static TreeSet<String> set(String cell) {
        var set = new TreeSet<String>();
        for (String s : cell.split(",")) {
            if (!strip(s).isEmpty()) {
                set.add(strip(s));
            }
        }
        return set;
    }

    private static String strip(String cell) {
        return cell.trim().replace("`", "");
    }
}
