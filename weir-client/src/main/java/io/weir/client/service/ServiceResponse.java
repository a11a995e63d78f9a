package io.weir.client.service;

/**
 * One response of a session: its position (0, 1, 2, ... since the session started, or since its last restart), its
 * payload, the worker that sent it, and how many times the session had to start over ({@code restarts}, only for a
 * service that cannot resume).
 */
public record ServiceResponse(long position, byte[] data, String jobId, int workerNumber, int restarts) {
}
