package io.weir.core.registry;

/** The role of a service in a pipeline: a SOURCE only produces events, a PROCESSOR consumes and produces, a SINK only consumes. */
public enum ServiceType {
    SOURCE, PROCESSOR, SINK
}
