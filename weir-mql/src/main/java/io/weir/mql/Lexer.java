package io.weir.mql;

import io.weir.mql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens. Names are letters, digits, {@code _ $ . - :}, starting with a letter, {@code _} or
 * {@code $}; {@code "..."} and {@code '...'} are strings (double the quote to put one inside; backslashes are plain
 * characters); {@code /.../} is a regex ({@code \/} inside); {@code {...}} is a sampling object.
 */
final class Lexer {

    private static final int MAX_SHOWN = 32;

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code text}, ending with one {@link Kind#END}. */
    static List<Token> tokenize(String text) {
        var lexer = new Lexer(text);
        lexer.run();
        return lexer.tokens;
    }

    /** {@code 'text'} for an error message, shortened when long. */
    static String shown(String text) {
        String s = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return "'" + s + "'";
    }

    private void run() {
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos == text.length()) {
                tokens.add(new Token(Kind.END, "", pos, pos));
                return;
            }
            tokens.add(next(text.charAt(pos)));
        }
    }

    private Token next(char c) {
        int start = pos;
        if (isNameStart(c)) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.NAME, text.substring(start, pos), start, pos);
        }
        if (c >= '0' && c <= '9' || c == '-' && pos + 1 < text.length() && isDigit(pos + 1)) {
            return number(start);
        }
        return switch (c) {
            case '"', '\'' -> string(c);
            case '/' -> regex();
            case '{' -> json();
            case '*' -> symbol(Kind.STAR, 1);
            case ',' -> symbol(Kind.COMMA, 1);
            case '(' -> symbol(Kind.LPAREN, 1);
            case ')' -> symbol(Kind.RPAREN, 1);
            case '[' -> symbol(Kind.LBRACKET, 1);
            case ']' -> symbol(Kind.RBRACKET, 1);
            case '^' -> symbol(Kind.CARET, 1);
            case '=' -> equals();
            case '!' -> followedBy('=') ? symbol(Kind.NE, 2) : symbol(Kind.NOT, 1);
            case '<' -> followedBy('=') ? symbol(Kind.LE, 2) : followedBy('>') ? symbol(Kind.NE, 2) : symbol(Kind.LT, 1);
            case '>' -> followedBy('=') ? symbol(Kind.GE, 2) : symbol(Kind.GT, 1);
            case '&' -> pair('&', Kind.AND);
            case '|' -> pair('|', Kind.OR);
            default -> throw new MqlException("mql: unexpected " + shown(String.valueOf(c)) + " at " + (start + 1)
                    + " (expected: a field, a \"string\", a number, an operator or a keyword)", start + 1);
        };
    }

    private Token equals() {
        if (followedBy('~')) {
            return symbol(Kind.FIND, 2);
        }
        if (!followedBy('=')) {
            return symbol(Kind.EQ, 1);
        }
        if (pos + 2 < text.length() && text.charAt(pos + 2) == '~') {
            return symbol(Kind.MATCH, 3);
        }
        if (pos + 2 < text.length() && (text.charAt(pos + 2) == '+' || text.charAt(pos + 2) == '*')) {
            throw new MqlException("mql: operator " + shown(text.substring(pos, pos + 3)) + " at " + (pos + 1)
                    + " is not supported (expected: ==, !=, <, <=, >, >=, ==~, =~, is, in)", pos + 1);
        }
        return symbol(Kind.EQ, 2);
    }

    private Token pair(char c, Kind kind) {
        if (!followedBy(c)) {
            throw new MqlException("mql: unexpected " + shown(String.valueOf(c)) + " at " + (pos + 1) + " (expected: "
                    + c + c + (c == '|' ? "; count windows, window |N|, are not supported" : "") + ")", pos + 1);
        }
        return symbol(kind, 2);
    }

    private Token number(int start) {
        if (text.charAt(pos) == '-') {
            pos++;
        }
        digits();
        boolean wellFormed = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            wellFormed = digits();
        }
        if (wellFormed && pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            wellFormed = digits();
        }
        if (!wellFormed || pos < text.length() && isNameStart(text.charAt(pos))) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            throw new MqlException("mql: unexpected " + shown(text.substring(start, pos)) + " at " + (start + 1)
                    + " (expected: a number like 7, -2.5 or 1e3; write a field whose name starts with a digit as e[\"1x\"])",
                    start + 1);
        }
        return new Token(Kind.NUMBER, text.substring(start, pos), start, pos);
    }

    private boolean digits() {
        int from = pos;
        while (pos < text.length() && isDigit(pos)) {
            pos++;
        }
        return pos > from;
    }

    private Token string(char quote) {
        int start = pos++;
        var value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != quote) {
                value.append(c);
            } else if (pos < text.length() && text.charAt(pos) == quote) {
                value.append(quote);
                pos++;
            } else {
                return new Token(Kind.STRING, value.toString(), start, pos);
            }
        }
        throw new MqlException("mql: unterminated string at " + (start + 1) + " (expected: a closing " + quote
                + "; double it to put one inside)", start + 1);
    }

    private Token regex() {
        int start = pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                pos++;
            } else if (c == '/') {
                return new Token(Kind.REGEX, text.substring(start + 1, pos - 1), start, pos);
            }
        }
        throw new MqlException("mql: unterminated regex at " + (start + 1) + " (expected: a closing /; write \\/ for a"
                + " slash inside)", start + 1);
    }

    private Token json() {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"' || c == '\'') {
                skipJsonString(c);
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return new Token(Kind.JSON, text.substring(start, pos), start, pos);
            }
        }
        throw new MqlException("mql: unterminated sampling object at " + (start + 1) + " (expected: a closing })",
                start + 1);
    }

    private void skipJsonString(char quote) {
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == quote) {
                return;
            }
        }
    }

    private Token symbol(Kind kind, int length) {
        int start = pos;
        pos += length;
        return new Token(kind, text.substring(start, pos), start, pos);
    }

    private boolean followedBy(char c) {
        return pos + 1 < text.length() && text.charAt(pos + 1) == c;
    }

    private boolean isDigit(int i) {
        char c = text.charAt(i);
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == '-' || c == ':';
    }
}
