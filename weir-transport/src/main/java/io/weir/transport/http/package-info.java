/** The edge of Weir's HTTP servers: how long they wait for a request and how many connections they hold at once. */
package io.weir.transport.http;
