package io.weir.mql;

import java.util.Objects;

/** Parses MQL queries ({@code select e["a"], b as x from stream where e["a"] > 5}); see {@code docs/mql.md}. */
public final class Mql {

    /** The longest query accepted, in characters. */
    public static final int MAX_QUERY_LENGTH = 4096;
    /** The deepest nesting of parentheses and {@code not}s accepted. */
    public static final int MAX_DEPTH = 32;
    /** The most groups one {@link Aggregator} keeps per window; records of further groups are dropped and counted. */
    public static final int MAX_GROUPS = 10_000;
    /** The longest aggregation window accepted, in seconds (one day). */
    public static final int MAX_WINDOW_SECONDS = 86_400;

    private Mql() {
    }

    /** Compiles {@code query}; throws {@link MqlException} naming the position and what was expected there. */
    public static MqlQuery parse(String query) {
        Objects.requireNonNull(query, "query");
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new MqlException("mql: query of " + query.length() + " characters (expected: at most "
                    + MAX_QUERY_LENGTH + ")", MAX_QUERY_LENGTH + 1);
        }
        return new Parser(new TokenStream(query, Lexer.tokenize(query))).query();
    }
}
