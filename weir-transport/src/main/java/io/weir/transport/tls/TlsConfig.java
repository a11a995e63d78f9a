package io.weir.transport.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.transport.tcp.TcpSettings;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The one place TLS is configured, from PEM files: {@value #CERT} and {@value #KEY} switch TLS on for every server of a
 * process (HTTP and the TCP data plane) and are its client certificate too; {@value #CA} is the CA bundle clients trust
 * (the JDK's trust store when unset) and servers check client certificates against; {@value #CLIENT_AUTH}
 * ({@code none}, {@code optional}, {@code require}) asks clients for a certificate (mutual TLS). Immutable; files are
 * read once, at construction, so new certificates take a restart.
 */
public final class TlsConfig {

    public static final String CERT = "WEIR_TLS_CERT";
    public static final String KEY = "WEIR_TLS_KEY";
    public static final String CA = "WEIR_TLS_CA";
    public static final String CLIENT_AUTH = "WEIR_TLS_CLIENT_AUTH";

    private static final TlsConfig DISABLED = new TlsConfig(null, null);

    private final SslContext server;
    private final SslContext client;

    private TlsConfig(SslContext server, SslContext client) {
        this.server = server;
        this.client = client;
    }

    /** No TLS: servers are plaintext and clients use the JDK's defaults for {@code https://} URLs. */
    public static TlsConfig disabled() {
        return DISABLED;
    }

    /** From this process's {@code WEIR_TLS_*} variables (or {@code weir.tls.*} properties). */
    public static TlsConfig fromProcess() {
        return from(Settings.fromProcess());
    }

    /** From {@value #CERT}, {@value #KEY}, {@value #CA} and {@value #CLIENT_AUTH}; fails naming the setting at fault. */
    public static TlsConfig from(Settings settings) {
        String cert = settings.get(CERT);
        String key = settings.get(KEY);
        String ca = settings.get(CA);
        ClientAuth clientAuth = settings.enumValue(CLIENT_AUTH, ClientAuth.class, ClientAuth.NONE);
        if (cert == null && key == null && ca == null && clientAuth == ClientAuth.NONE) {
            return DISABLED;
        }
        return of(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key), ca == null ? null : Path.of(ca), clientAuth);
    }

    /**
     * From files: {@code cert} and {@code key} (both or neither) make servers use TLS; {@code ca} (may be null) is what
     * clients trust and what client certificates are checked against when {@code clientAuth} is not NONE.
     */
    public static TlsConfig of(Path cert, Path key, Path ca, ClientAuth clientAuth) {
        if ((cert == null) != (key == null)) {
            throw new ConfigException(cert == null ? CERT + ": missing (required with " + KEY + ")"
                    : KEY + ": missing (required with " + CERT + ")");
        }
        if (clientAuth != ClientAuth.NONE && (ca == null || cert == null)) {
            throw new ConfigException(CLIENT_AUTH + ": " + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs " + CERT + ", " + KEY + " and " + CA + " (the CA that signs client certificates)");
        }
        X509Certificate[] trusted = ca == null ? null : PemFiles.certificates(CA, ca);
        X509Certificate[] chain = cert == null ? null : PemFiles.certificates(CERT, cert);
        PrivateKey privateKey = key == null ? null : PemFiles.privateKey(KEY, key);
        if (chain != null) {
            PemFiles.checkValidNow(CERT, cert, chain[0]);
            PemFiles.checkPair(privateKey, chain[0], KEY, CERT);
        }
        try {
            SslContext server = chain == null ? null : SslContextBuilder.forServer(privateKey, chain)
                    .trustManager(trusted).clientAuth(clientAuth).build();
            SslContextBuilder client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trusted)
                    .endpointIdentificationAlgorithm("HTTPS");
            if (chain != null) {
                client.keyManager(privateKey, chain);
            }
            return new TlsConfig(server, client.build());
        } catch (SSLException e) {
            throw new ConfigException("TLS settings (" + CERT + ", " + KEY + ", " + CA + "): " + e.getMessage());
        }
    }

    /**
     * The client side as a JDK {@link SSLContext}: trusting {@value #CA} and presenting this process's certificate; null
     * when no {@code WEIR_TLS_*} file is set (the library's defaults apply).
     */
    public SSLContext jdkClientContext() {
        return client == null ? null : ((JdkSslContext) client).context();
    }

    /** Whether this process's servers use TLS. */
    public boolean enabled() {
        return server != null;
    }

    /** {@code https} when this process's servers use TLS, else {@code http}: the scheme of URLs it hands out. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    SslContext clientContext() {
        return client;
    }

    /** {@code server} serving TLS when enabled, else unchanged. */
    public HttpServer applyTo(HttpServer httpServer) {
        return server == null ? httpServer : httpServer.secure(spec -> spec.sslContext(server));
    }

    /** {@code client} trusting {@value #CA} and presenting this process's certificate on {@code https://} URLs. */
    public HttpClient applyTo(HttpClient httpClient) {
        return client == null ? httpClient : httpClient.secure(spec -> spec.sslContext(client));
    }

    /** {@code settings} whose connections (servers and clients) use TLS when enabled, else unchanged. */
    public TcpSettings applyTo(TcpSettings settings) {
        return server == null ? settings : settings.withSecurity(new TcpTls(server, client));
    }
}
