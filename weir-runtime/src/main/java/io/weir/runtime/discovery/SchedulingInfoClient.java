package io.weir.runtime.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.json.Json;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.transport.sse.SseDecoder;
import io.weir.transport.tls.TlsConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Follows a job's scheduling info on the master's {@code /assignmentresults/{jobId}?sendHB=true} stream: every
 * non-heartbeat event, reconnecting with backoff (first retry after 20 ms, at most 2 s apart) until the job ends or
 * the subscription is cancelled. A connection silent for three heartbeat intervals is treated as dead. With a job token
 * it sends {@code Authorization: Bearer <token>}; a refusal (401, 403) is logged at WARN and retried like a lost stream.
 */
public final class SchedulingInfoClient {

    private static final Logger log = LoggerFactory.getLogger(SchedulingInfoClient.class);

    private final HttpClient http;
    private final ObjectMapper json = Json.lenient();
    private final String masterUrl;
    private final Duration silenceTimeout;

    /** {@code silenceTimeout}: how long without any event (heartbeats included) before reconnecting. */
    public SchedulingInfoClient(String masterUrl, Duration silenceTimeout) {
        this(masterUrl, silenceTimeout, null, TlsConfig.disabled());
    }

    /**
     * As above, presenting {@code jobToken} (the worker's {@code WorkerContext.jobToken()}; null: none) to the master and
     * trusting its certificate as {@code tls} says when its URL is {@code https://}.
     */
    public SchedulingInfoClient(String masterUrl, Duration silenceTimeout, String jobToken, TlsConfig tls) {
        this.masterUrl = Objects.requireNonNull(masterUrl, "masterUrl");
        this.silenceTimeout = silenceTimeout;
        this.http = tls.applyTo(HttpClient.create()).responseTimeout(silenceTimeout).headers(h -> {
            if (jobToken != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + jobToken);
            }
        });
    }

    /** The job's scheduling info, current value first; completes after the job's final (empty) event. */
    public Flux<JobSchedulingInfo> follow(String jobId) {
        return Flux.defer(() -> http.get().uri(masterUrl + "/assignmentresults/" + jobId + "?sendHB=true")
                        .response((res, content) -> res.status().code() / 100 == 2 ? content.asByteArray()
                                : content.aggregate().asString().defaultIfEmpty("").flatMapMany(text -> refused(jobId, res.status().code(), text)))
                        .transform(SseDecoder::data)
                        .timeout(silenceTimeout)
                        .map(this::parse)
                        .concatWith(Flux.error(() -> new IllegalStateException("the discovery stream closed"))))
                .filter(info -> !info.isHeartbeat())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(20)).maxBackoff(Duration.ofSeconds(2))
                        .doBeforeRetry(s -> log.debug("Reconnecting to the scheduling info of {}: {}", jobId, s.failure().toString())))
                .takeUntil(JobSchedulingInfo::isJobEnded);
    }

    private static Flux<byte[]> refused(String jobId, int status, String text) {
        if (status == 401 || status == 403) {
            log.warn("The master refused the discovery stream of {} ({}): {}", jobId, status, text);
        }
        return Flux.error(new IllegalStateException("the master answered " + status + " " + text));
    }

    private JobSchedulingInfo parse(String data) {
        try {
            return json.readValue(data, JobSchedulingInfo.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable scheduling info: " + e.getMessage(), e);
        }
    }
}
