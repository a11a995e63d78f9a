/**
 * The HTTP request plane on reactor-netty: {@code POST {root}/{endpoint}} with the request as body; the
 * response body streams records as SSE, NDJSON or length-prefixed binary. Stop and kill are
 * {@code POST {root}/_control/{requestId}/stop|kill}; closing the response also kills.
 */
package io.weir.transport.rpc.http;
