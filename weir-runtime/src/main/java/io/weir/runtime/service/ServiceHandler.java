package io.weir.runtime.service;

import reactor.core.publisher.Flux;

/**
 * Answers a service's requests with a stream of responses. The runtime numbers them from
 * {@link ServiceContext#resumePosition()}: the Flux's first element is the response at that position.
 */
public interface ServiceHandler {

    /** The responses to {@code request}, starting at {@code context.resumePosition()}; never block in here. */
    Flux<byte[]> handle(ServiceRequest request, ServiceContext context);

    /**
     * Whether the same request always yields the same responses, so a session can resume from a position
     * (on this worker or another); a handler that is not refuses resume positions above 0.
     */
    boolean resumable();
}
