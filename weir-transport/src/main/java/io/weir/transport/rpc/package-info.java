/**
 * Request/response planes, independent of the transport: a caller sends a request to a named endpoint and
 * receives a stream of records; stop and kill travel back; a handler's failure reaches the caller as an error.
 */
package io.weir.transport.rpc;
