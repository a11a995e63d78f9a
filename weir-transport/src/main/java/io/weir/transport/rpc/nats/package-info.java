/**
 * The NATS request plane: requests are NATS messages on {@code WEIR_NATS_SUBJECT_PREFIX.service} (queue group
 * per service) or one worker's subject; responses stream back over the TCP response plane (call-home,
 * {@link io.weir.transport.rpc.callhome}). Uses jnats.
 */
package io.weir.transport.rpc.nats;
