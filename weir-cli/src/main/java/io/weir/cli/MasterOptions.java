package io.weir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weir.core.json.Json;
import picocli.CommandLine.Option;

/** The options every client command shares: which master, and JSON instead of tables. */
final class MasterOptions {

    @Option(names = "--master", description = "The master's URL (default: WEIR_MASTER_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:WEIR_MASTER_URL:-http://localhost:8100}")
    String master;

    @Option(names = "--json", description = "Print the master's JSON instead of a table")
    boolean json;

    ApiClient client() {
        return new ApiClient(master);
    }

    /** Prints {@code node} as indented JSON when --json was given; returns whether it did. */
    boolean printedJson(JsonNode node) {
        if (!json) {
            return false;
        }
        try {
            System.out.println(Json.lenient().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }
}
