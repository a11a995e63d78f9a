/**
 * The transport registry: which transports exist per plane, what they can do, and selection of the best
 * one for what a caller requires. A mismatch fails with the missing capability's name, never a silent fallback.
 */
package io.weir.transport.registry;
