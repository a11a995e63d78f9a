package io.weir.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric families of Prometheus text scrapes: name, type, help and label names, parsed from the exposition lines. */
final class ScrapedMetrics {

    /** One family as scraped; {@code help} is empty when the scrape had none. */
    record Family(String name, String type, String help, TreeSet<String> labels) {
    }

    private static final Pattern HELP = Pattern.compile("# HELP (\\S+) ?(.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? .*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String[] SUFFIXES = {"", "_bucket", "_count", "_sum", "_created", "_max"};

    private final Map<String, Family> families = new TreeMap<>();

    /** Adds the families of one scrape. */
    ScrapedMetrics add(String scrape) {
        for (String line : scrape.split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                var f = family(m.group(1));
                families.put(f.name(), new Family(f.name(), f.type(), m.group(2).trim(), f.labels()));
            } else if ((m = TYPE.matcher(line)).matches()) {
                var f = family(m.group(1));
                families.put(f.name(), new Family(f.name(), m.group(2), f.help(), f.labels()));
            } else if (!line.startsWith("#") && (m = SAMPLE.matcher(line)).matches()) {
                var f = owner(m.group(1));
                Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (f != null && l.find()) {
                    if (!l.group(1).equals("le") && !l.group(1).equals("quantile")) {
                        f.labels().add(l.group(1));
                    }
                }
            }
        }
        return this;
    }

    private Family family(String name) {
        return families.computeIfAbsent(name, n -> new Family(n, "", "", new TreeSet<>()));
    }

    /** The family a sample belongs to: its own name, or the name without a histogram's or summary's suffix. */
    private Family owner(String sample) {
        for (String suffix : SUFFIXES) {
            var f = sample.endsWith(suffix) ? families.get(sample.substring(0, sample.length() - suffix.length())) : null;
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Every family seen, by name. */
    Map<String, Family> families() {
        return families;
    }
}
