package io.weir.mql;

/**
 * One lexical token of a query.
 *
 * @param kind  what the token is
 * @param value a name, a string's content with quotes undone, a regex between its slashes, a number's, a sampling
 *              object's or a symbol's text
 * @param start index of its first character in the query
 * @param end   index after its last character
 */
record Token(Kind kind, String value, int start, int end) {

    /** Token kinds; keywords are {@link #NAME}s, recognised by the parser case-insensitively. */
    enum Kind { NAME, STRING, NUMBER, REGEX, JSON, STAR, COMMA, LPAREN, RPAREN, LBRACKET, RBRACKET, CARET,
        EQ, NE, LT, LE, GT, GE, FIND, MATCH, AND, OR, NOT, END }

    /** Whether this is the unquoted keyword {@code word}, in any case. */
    boolean isKeyword(String word) {
        return kind == Kind.NAME && value.equalsIgnoreCase(word);
    }

    /** The 1-based position of its first character. */
    int position() {
        return start + 1;
    }
}
