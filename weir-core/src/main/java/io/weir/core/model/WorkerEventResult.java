package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The master's answer to one worker event. {@code ok}: applied; {@code unknown}: no such live worker, so its runner
 * should stop it; {@code rejected}: an illegal transition or bad report, explained in {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerEventResult(String jobId, Integer workerNumber, Outcome outcome, String message) {

    /** What happened to the event. */
    public enum Outcome { ok, unknown, rejected }
}
