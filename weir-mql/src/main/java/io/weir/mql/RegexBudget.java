package io.weir.mql;

/**
 * What a regex in a query may cost, checked when the query is parsed: at most {@link #MAX_LENGTH} characters, at most
 * {@link #MAX_PER_QUERY} per query, no backreference and no repeated group that itself repeats (e.g. {@code (a+)+}),
 * the shapes whose matching time can grow exponentially with the input. Evaluation is bounded separately
 * ({@link RegexMatch}): values longer than {@link #MAX_INPUT_CHARS} do not match, and a match that reads more than
 * {@link RegexMatch#MAX_STEPS} characters is abandoned.
 */
final class RegexBudget {

    /** The longest regex accepted, in characters. */
    static final int MAX_LENGTH = 256;
    /** Regexes one query may use. */
    static final int MAX_PER_QUERY = 8;
    /** The longest string value a regex is matched against; longer ones do not match. */
    static final int MAX_INPUT_CHARS = 65_536;

    private RegexBudget() {
    }

    /** Why {@code regex} is over budget, as the {@code expected: ...} part of a message, or null when it is within. */
    static String overBudget(String regex) {
        if (regex.length() > MAX_LENGTH) {
            return "a regex of at most " + MAX_LENGTH + " characters, not " + regex.length();
        }
        // per open group: whether it contains a quantifier
        boolean[] quantified = new boolean[regex.length() + 1];
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && !inClass && isBackreference(regex, i + 1)) {
                    return "no backreferences (\\1, \\k<name>): they can take exponential time";
                }
                i = endOfEscape(regex, i);
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            switch (c) {
                case '[' -> inClass = true;
                case '(' -> quantified[++depth] = false;
                case ')' -> {
                    boolean inner = depth > 0 && quantified[depth];
                    depth = Math.max(0, depth - 1);
                    boolean repeated = repeats(regex, i + 1);
                    if (repeated && inner) {
                        return "no repeated group that itself repeats, like (a+)+ or (a*b)*: such nesting can take"
                                + " exponential time; repeat the inner part once, e.g. a+";
                    }
                    quantified[depth] |= repeated || inner;
                }
                case '*', '+' -> quantified[depth] = true;
                case '{' -> quantified[depth] |= repeats(regex, i);
                default -> { }
            }
        }
        return null;
    }

    /** Whether the character at {@code i} starts a repetition of more than one: *, +, {n,} or {n,m} with m > 1. */
    private static boolean repeats(String regex, int i) {
        if (i >= regex.length()) {
            return false;
        }
        char c = regex.charAt(i);
        if (c == '*' || c == '+') {
            return true;
        }
        if (c != '{') {
            return false;
        }
        int close = regex.indexOf('}', i);
        if (close < 0) {
            return false;
        }
        String body = regex.substring(i + 1, close);
        int comma = body.indexOf(',');
        if (comma < 0) {
            return parse(body) > 1;
        }
        String max = body.substring(comma + 1).trim();
        return max.isEmpty() || parse(max) > 1;
    }

    /** The last index of the escape starting with the backslash at {@code i}: {@code \p{L}} as a whole. */
    private static int endOfEscape(String regex, int i) {
        boolean braced = i + 2 < regex.length() && "pPx".indexOf(regex.charAt(i + 1)) >= 0 && regex.charAt(i + 2) == '{';
        int close = braced ? regex.indexOf('}', i + 2) : -1;
        return close > 0 ? close : i + 1;
    }

    private static boolean isBackreference(String regex, int i) {
        char c = regex.charAt(i);
        return (c >= '1' && c <= '9') || (c == 'k' && i + 1 < regex.length() && regex.charAt(i + 1) == '<');
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
