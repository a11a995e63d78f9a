/** The Java client of a Weir master and of job sinks. */
package io.weir.client;
