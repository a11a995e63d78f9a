/**
 * The service registry's wire model, shared by the master and clients: what an instance registers
 * ({@link io.weir.core.registry.Registration}), the lease it gets, its heartbeats, what queries and watches answer,
 * and the pipeline's topology and health. Plain JSON; see docs/registry.md.
 */
package io.weir.core.registry;
