/**
 * Transport configuration from {@code WEIR_*} environment variables and properties, built and validated
 * once into an immutable {@link io.weir.transport.config.TransportConfig}.
 */
package io.weir.transport.config;
