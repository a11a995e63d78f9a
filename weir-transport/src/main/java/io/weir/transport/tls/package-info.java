/** TLS from PEM files for every plane: {@link io.weir.transport.tls.TlsConfig}. */
package io.weir.transport.tls;
