/**
 * The client side of the master's service registry: {@link io.weir.client.registry.ServiceRegistration} keeps an
 * instance registered (heartbeats, re-registration after a master restart, deregistration on close),
 * {@link io.weir.client.registry.UpstreamWatcher} tells an application which upstream instances to use and when to
 * switch, and {@link io.weir.client.registry.Registry} queries and watches the registry. See docs/registry.md.
 */
package io.weir.client.registry;
