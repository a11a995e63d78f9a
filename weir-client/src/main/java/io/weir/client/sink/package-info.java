/**
 * Sink consumers with logical sessions: {@link io.weir.client.sink.SinkSession} reads a job's sink workers, found
 * through discovery, over as many physical connections as failures require, under one session id.
 */
package io.weir.client.sink;
