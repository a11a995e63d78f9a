package io.weir.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weir.client.WeirClient;
import io.weir.core.json.Json;
import java.util.List;
import java.util.Map;
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
    java.nio.file.Path tokenFile;

    /** A client of the master, with the token found (see {@link TokenSource}); the caller closes it. */
    WeirClient client() {
        return WeirClient.create(io.weir.client.WeirClientConfig.of(master).withToken(TokenSource.find(token, tokenFile)));
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

    static void printJson(Object value) {
        try {
            System.out.println(Json.lenient().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
