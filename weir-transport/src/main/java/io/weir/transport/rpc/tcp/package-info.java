/**
 * The TCP request plane: a request is an OPEN (endpoint and parameters, body, initial credit) on a pooled
 * multiplexed connection and the response rides the same stream back.
 */
package io.weir.transport.rpc.tcp;
