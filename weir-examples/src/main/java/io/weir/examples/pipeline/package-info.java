/**
 * The three participants of {@code weir demo pipeline} — a source, a processor and a sink that are not Weir jobs —
 * written with the registry client: each registers with the master by the event types it makes and needs, follows its
 * upstreams with an {@link io.weir.client.registry.UpstreamWatcher}, and moves records over a sink's SSE stream.
 */
package io.weir.examples.pipeline;
