/** Server-Sent Events on the receiving side: one decoder for every SSE stream Weir reads. */
package io.weir.transport.sse;
