package io.weir.examples;

import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Stateless enrichment: synthetic page views (stage 1) joined with a reference table of users (stage 2, scalar, any
 * worker takes any view), served as {@code {"user":..,"page":..,"country":..,"plan":..,"ts":..}}.
 */
public final class EnrichmentJob implements WeirJob {

    /** A raw page view. */
    public record View(String user, String page, long ts) {
    }

    /** A page view with what we know of its user. */
    public record EnrichedView(String user, String page, String country, String plan, long ts) {
    }

    /** What the reference table holds per user. */
    record Profile(String country, String plan) {
    }

    private static final Map<String, Profile> PROFILES = Map.of(
            "ada", new Profile("GB", "pro"), "grace", new Profile("US", "team"), "linus", new Profile("FI", "free"),
            "barbara", new Profile("US", "pro"), "edsger", new Profile("NL", "free"));
    private static final Profile UNKNOWN = new Profile("unknown", "none");
    private static final List<String> USERS = List.of("ada", "grace", "linus", "barbara", "edsger", "guest");
    private static final List<String> PAGES = List.of("/", "/docs", "/pricing", "/blog", "/signup");

    @Override
    public List<ParameterDefinition> parameters() {
        return List.of(ParameterDefinition.of("viewsPerSecond", Type.INT, "20", "page views per second per source worker, > 0"));
    }

    @Override
    public Topology topology(JobContext context) {
        int rate = Math.max(1, context.parameters().intValue("viewsPerSecond"));
        return Topology.from(ctx -> views(rate), Codecs.json(View.class))
                .whenNoCredit(NoCreditPolicy.DROP)
                .then(StageSpec.<View, View>scalar(f -> f, Codecs.json(View.class)))
                .then(StageSpec.map(EnrichmentJob::enrich, Codecs.json(EnrichedView.class)))
                .toSink();
    }

    static EnrichedView enrich(View v) {
        Profile p = PROFILES.getOrDefault(v.user(), UNKNOWN);
        return new EnrichedView(v.user(), v.page(), p.country(), p.plan(), v.ts());
    }

    static Flux<View> views(int rate) {
        long periodMillis = Math.max(1, 1000 / rate);
        return Flux.interval(Duration.ofMillis(periodMillis))
                .map(i -> new View(USERS.get((int) (i % USERS.size())), PAGES.get((int) ((i / 3) % PAGES.size())), System.currentTimeMillis()));
    }
}
