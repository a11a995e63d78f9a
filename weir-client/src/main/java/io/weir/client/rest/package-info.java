/** The master's REST API, typed: job clusters, jobs, resource clusters. Blocking methods and {@code Async} (Mono) twins. */
package io.weir.client.rest;
