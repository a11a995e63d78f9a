/**
 * The TCP response plane behind a non-streaming request plane ("call-home"): the request carries the
 * caller's response address and a response id, and the worker opens a TCP stream back to the caller to
 * stream the response under the caller's credit. Used by the http and nats request planes.
 */
package io.weir.transport.rpc.callhome;
