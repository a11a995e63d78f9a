package io.weir.mql;

import io.weir.mql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens. Names are letters, digits, {@code _} and {@code $}, not starting with a digit;
 * {@code "double quotes"} make any text a name and {@code 'single quotes'} a string; a quote inside either is
 * doubled ({@code 'it''s'}), and backslashes are plain characters, so regexes need no extra escaping.
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
            case '"' -> quoted(Kind.QUOTED_NAME, '"');
            case '\'' -> quoted(Kind.STRING, '\'');
            case '*' -> symbol(Kind.STAR, 1);
            case ',' -> symbol(Kind.COMMA, 1);
            case '.' -> symbol(Kind.DOT, 1);
            case '(' -> symbol(Kind.LPAREN, 1);
            case ')' -> symbol(Kind.RPAREN, 1);
            case '[' -> symbol(Kind.LBRACKET, 1);
            case ']' -> symbol(Kind.RBRACKET, 1);
            case '=' -> followedBy('~') ? symbol(Kind.MATCH, 2) : symbol(Kind.EQ, followedBy('=') ? 2 : 1);
            case '!' -> {
                if (!followedBy('=')) {
                    throw new MqlException("mql: unexpected '!' at " + (start + 1) + " (expected: != or the keyword not)",
                            start + 1);
                }
                yield symbol(Kind.NE, 2);
            }
            case '<' -> followedBy('=') ? symbol(Kind.LE, 2) : symbol(Kind.LT, 1);
            case '>' -> followedBy('=') ? symbol(Kind.GE, 2) : symbol(Kind.GT, 1);
            default -> throw new MqlException("mql: unexpected " + shown(String.valueOf(c)) + " at " + (start + 1)
                    + " (expected: a field, a 'string', a number, an operator or a keyword)", start + 1);
        };
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
            while (pos < text.length() && (isNamePart(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            throw new MqlException("mql: unexpected " + shown(text.substring(start, pos)) + " at " + (start + 1)
                    + " (expected: a number like 7, -2.5 or 1e3; quote a field name that starts with a digit)", start + 1);
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

    private Token quoted(Kind kind, char quote) {
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
                return new Token(kind, value.toString(), start, pos);
            }
        }
        throw new MqlException("mql: unterminated " + (kind == Kind.STRING ? "string" : "quoted name") + " at " + (start + 1)
                + " (expected: a closing " + quote + "; double it to put one inside)", start + 1);
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
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
