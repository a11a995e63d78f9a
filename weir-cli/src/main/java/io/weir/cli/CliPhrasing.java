package io.weir.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says the master's error sentences in the CLI's terms: the REST hints in them ("GET /api/v1/jobClusters lists them")
 * become the weir commands that do the same, and a refused token says where the CLI looks for one.
 */
final class CliPhrasing {

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final String TOKEN_PLACES = "--token, WEIR_TOKEN, --token-file, WEIR_TOKEN_FILE, ~/.weir/token or"
            + " ./weir-data/secrets/admin.token (what weir up writes); see docs/security.md";

    private static final List<Rule> RULES = List.of(
            rule("missing credential: send 'Authorization: Bearer <token>'.*",
                    "this master needs a token and none was found: give one with " + TOKEN_PLACES),
            rule("unknown token: this master has no such token.*",
                    "this master does not know the token given (a token of another master, or of an earlier data directory?): "
                            + "give one of its own with " + TOKEN_PLACES),
            rule("\\(GET /api/v1/jobClusters lists them\\)", "(weir clusters list lists them)"),
            rule("update it with PUT /api/v1/jobClusters/\\S+", "delete it first (weir clusters delete NAME) or choose another name"),
            rule("\\(DELETE /api/v1/jobs/\\{jobId\\}\\)", "(weir jobs kill JOB_ID --reason R)"),
            rule("\\(GET /api/v1/jobs/(\\S+) lists the live workers\\)", "(weir workers list $1 lists the live workers)"),
            rule("\\(GET /api/v1/services lists the services\\)", "(weir services list lists them)"));

    private CliPhrasing() {
    }

    /** {@code message} with every REST hint the CLI knows replaced by its command. */
    static String of(String message) {
        String out = message;
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(out);
            out = m.replaceAll(r.replacement());
        }
        return out;
    }

    private static Rule rule(String regex, String replacement) {
        return new Rule(Pattern.compile(regex), replacement);
    }
}
