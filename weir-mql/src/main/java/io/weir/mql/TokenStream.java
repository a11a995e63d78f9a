package io.weir.mql;

import io.weir.mql.Token.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The tokens of one query being parsed: a cursor, keyword tests and error messages that name the position. */
final class TokenStream {

    static final Set<String> KEYWORDS = Set.of("select", "from", "where", "as", "and", "or", "not", "is", "null",
            "true", "false", "in", "window", "group", "by", "having", "order", "limit", "sample", "asc", "desc",
            "distinct");

    private final String text;
    private final List<Token> tokens;
    private int next;

    TokenStream(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    String text() {
        return text;
    }

    Token peek() {
        return tokens.get(next);
    }

    /** The token after the next one (the {@link Kind#END} token at the end). */
    Token peekSecond() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    boolean accept(Kind kind) {
        if (peek().kind() != kind) {
            return false;
        }
        next++;
        return true;
    }

    boolean acceptKeyword(String word) {
        if (!peek().isKeyword(word)) {
            return false;
        }
        next++;
        return true;
    }

    Token expect(Kind kind, String expected) {
        if (peek().kind() != kind) {
            throw unexpected(peek(), expected);
        }
        return take();
    }

    void expectKeyword(String word, String expected) {
        if (!acceptKeyword(word)) {
            throw unexpected(peek(), expected);
        }
    }

    static boolean isKeyword(Token t) {
        return t.kind() == Kind.NAME && KEYWORDS.contains(t.value().toLowerCase(Locale.ROOT));
    }

    MqlException unexpected(Token t, String expected) {
        String what = t.kind() == Kind.END ? "end of query" : Lexer.shown(text.substring(t.start(), t.end()));
        return new MqlException("mql: unexpected " + what + " at " + t.position() + " (expected: " + expected + ")",
                t.position());
    }

    /** A construct MQL recognises but does not support, e.g. {@code mql: 'anomaly' at 27 is not supported (...)}. */
    MqlException unsupported(Token t, String construct, String instead) {
        return new MqlException("mql: " + construct + " at " + t.position() + " is not supported (expected: " + instead
                + ")", t.position());
    }
}
