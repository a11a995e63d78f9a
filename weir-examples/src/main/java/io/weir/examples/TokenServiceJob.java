package io.weir.examples;

import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceControl;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceJob;
import io.weir.runtime.service.ServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A streaming service that makes up tokens, as a language model would: the request's body is a prompt, its parameter
 * {@code count} how many tokens (default 16); response {@code n} is {@code "<n>:<word>"}, the word a function of the
 * prompt and {@code n} only, so the service is resumable from any position. Tokens leave at {@code tokensPerSecond}.
 * For failure drills: {@code failAfterSeconds} ({@code "10-25"}: the worker fails, and its process exits, after a
 * random time in that range) and {@code cooldownSeconds} (a worker refuses new sessions as {@code recovering} for
 * that long after it starts).
 */
public final class TokenServiceJob implements ServiceJob {

    private static final String[] VOCABULARY = {
        "the", "river", "flows", "through", "a", "weir", "and", "stream", "of", "tokens", "keeps", "moving", "while",
        "workers", "come", "go", "sessions", "resume", "where", "they", "left", "off", "quietly", "again",
    };

    @Override
    public List<ParameterDefinition> parameters() {
        return List.of(ParameterDefinition.of("tokensPerSecond", Type.DOUBLE, "20", "tokens per second per session; 0: as fast as the caller takes them"),
                ParameterDefinition.of("failAfterSeconds", Type.STRING, "", "min-max, e.g. 10-25: the worker fails after a random time in that range; empty: never"),
                ParameterDefinition.of("cooldownSeconds", Type.DOUBLE, "0", "seconds a worker refuses new sessions (recovering) after it starts"));
    }

    @Override
    public ServiceHandler handler(JobContext context, ServiceControl control) {
        double rate = context.parameters().doubleValue("tokensPerSecond");
        double cooldown = context.parameters().doubleValue("cooldownSeconds");
        double[] failAfter = range(context.parameters().string("failAfterSeconds"));
        if (cooldown > 0) {
            control.availability().markUnavailable("recovering");
            Schedulers.parallel().schedule(() -> control.availability().markAvailable(), millis(cooldown),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (failAfter != null) {
            double seconds = failAfter[0] + ThreadLocalRandom.current().nextDouble() * (failAfter[1] - failAfter[0]);
            Schedulers.parallel().schedule(() -> control.fail("failAfterSeconds: failing as asked after "
                    + Math.round(seconds * 1000) + " ms"), millis(seconds), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return new ServiceHandler() {
            @Override
            public Flux<byte[]> handle(ServiceRequest request, ServiceContext session) {
                String prompt = request.text();
                long count = count(request.param("count", "16"));
                long from = session.resumePosition();
                Flux<Long> positions = rate <= 0
                        ? Flux.fromStream(java.util.stream.LongStream.range(from, Math.max(from, count)).boxed())
                        : Flux.interval(Duration.ofNanos((long) (1e9 / rate))).map(i -> from + i).takeWhile(n -> n < count);
                return positions.map(n -> token(prompt, n).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public boolean resumable() {
                return true;
            }
        };
    }

    /** Token {@code n} of {@code prompt}: {@code "<n>:<word>"}, the same on every worker. */
    public static String token(String prompt, long n) {
        String[] words = Stream.concat(Arrays.stream(prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")),
                Arrays.stream(VOCABULARY)).filter(w -> !w.isEmpty()).toArray(String[]::new);
        long mixed = mix(prompt.hashCode() * 0x9E3779B97F4A7C15L + n);
        return n + ":" + words[(int) Math.floorMod(mixed, (long) words.length)];
    }

    /** The tokens {@code from} (inclusive) to {@code to} (exclusive) of {@code prompt}. */
    public static List<String> tokens(String prompt, long from, long to) {
        return java.util.stream.LongStream.range(from, to).mapToObj(n -> token(prompt, n)).toList();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long count(String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("count: " + value + " (expected: a number >= 0)");
    }

    private static double[] range(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.trim().split("-");
        try {
            double min = Double.parseDouble(parts[0]);
            double max = parts.length > 1 ? Double.parseDouble(parts[1]) : min;
            if (parts.length <= 2 && min > 0 && max >= min) {
                return new double[] {min, max};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("failAfterSeconds: " + value + " (expected: min-max seconds, e.g. 10-25)");
    }

    private static long millis(double seconds) {
        return Math.max(1, Math.round(seconds * 1000));
    }
}
