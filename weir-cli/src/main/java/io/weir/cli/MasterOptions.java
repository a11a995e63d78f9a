package io.weir.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.core.config.Settings;
import io.weir.core.json.Json;
import io.weir.transport.tls.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every client command shares: which master, and JSON instead of tables. */
final class MasterOptions {

    @Option(names = "--master", description = "The master's URL (default: WEIR_MASTER_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:WEIR_MASTER_URL:-http://localhost:8100}")
    String master;

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Option(names = "--token", description = "The master's bearer token (default: WEIR_TOKEN, then the token file)")
    String token;

    @Option(names = "--token-file", description = "A file holding the token (default: WEIR_TOKEN_FILE, ~/.weir/token, "
            + "then ./weir-data/secrets/admin.token)")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA bundle to trust on an https:// master (default: WEIR_TLS_CA, else the JDK's trust store)")
    Path ca;

    /** A client of the master, with the token found (see {@link TokenSource}); the caller closes it. */
    WeirClient client() {
        return WeirClient.create(WeirClientConfig.of(master).withToken(TokenSource.find(token, tokenFile)), tls());
    }

    /** {@code WEIR_TLS_*} settings, with {@code --ca} instead of {@code WEIR_TLS_CA} when given. */
    TlsConfig tls() {
        var properties = (Properties) System.getProperties().clone();
        if (ca != null) {
            properties.setProperty(Settings.propertyName(TlsConfig.CA), ca.toString());
        }
        return TlsConfig.from(new Settings(System.getenv(), properties));
    }

    /** Prints {@code list} as the master's {@code {"list": [...]}} when --json was given; returns whether it did. */
    boolean printedJsonList(List<?> list) {
        return printedJson(Map.of("list", list));
    }

    /** Prints {@code value} as indented JSON when --json was given; returns whether it did. */
    boolean printedJson(Object value) {
        if (!json) {
            return false;
        }
        printJson(value);
        return true;
    }

    /** Prints {@code value} as JSON on one line (a stream of them is JSON Lines). */
    static void printJsonLine(Object value) {
        try {
            System.out.println(Json.lenient().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void printJson(Object value) {
        try {
            System.out.println(Json.lenient().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
