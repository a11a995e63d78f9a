package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weir.mql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser from tokens to a compiled {@link MqlQuery}; one instance per query. The grammar is
 * in {@code docs/mql.md}; {@code or} binds loosest, then {@code and}, then {@code not}.
 */
final class Parser {

    private static final Set<String> KEYWORDS =
            Set.of("select", "from", "where", "as", "and", "or", "not", "is", "null", "true", "false", "in");
    private static final String OPERATORS = "an operator (==, !=, <, <=, >, >=, =~, is, in)";
    private static final String VALUE = "a field, a number, a 'string', true or false";

    private final String text;
    private final List<Token> tokens;
    private int next;
    private int depth;
    private int regexes;
    /** What may follow the condition parsed last, for the message when something else does. */
    private String afterCondition = "and, or";

    Parser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    MqlQuery query() {
        expectKeyword("select", "select");
        Projection projection = accept(Kind.STAR) ? null : fields();
        expectKeyword("from", projection == null ? "from" : "',', as or from");
        String source = name("a stream name, e.g. stream");
        Condition where = null;
        if (acceptKeyword("where")) {
            where = or();
        }
        if (peek().kind() != Kind.END) {
            throw unexpected(peek(), where == null ? "where or the end of the query" : afterCondition + " or the end of the query");
        }
        return new MqlQuery(text, source, projection, where);
    }

    private Projection fields() {
        var builder = new Projection.Builder();
        do {
            Token first = peek();
            FieldPath source = path("a field or *");
            List<String> target = acceptKeyword("as") ? path("an output name").names() : source.names();
            builder.add(target, source, first.position());
        } while (accept(Kind.COMMA));
        return builder.build();
    }

    private FieldPath path(String expected) {
        List<String> names = new ArrayList<>();
        names.add(name(expected));
        while (accept(Kind.DOT)) {
            names.add(name("a field name after '.'"));
        }
        if (peek().kind() == Kind.LBRACKET) {
            throw unexpected(peek(), "a path like a.b or \"a\".\"b c\"; write e[\"x\"] as x or \"x\"");
        }
        return new FieldPath(names);
    }

    private String name(String expected) {
        Token t = peek();
        if (t.kind() == Kind.QUOTED_NAME || t.kind() == Kind.NAME && !isKeyword(t)) {
            next++;
            return t.value();
        }
        if (t.kind() == Kind.NAME) {
            throw unexpected(t, expected + "; quote a field named like a keyword: \"" + t.value() + "\"");
        }
        throw unexpected(t, expected);
    }

    private Condition or() {
        List<Condition> any = new ArrayList<>();
        any.add(and());
        while (acceptKeyword("or")) {
            any.add(and());
        }
        return Condition.or(any);
    }

    private Condition and() {
        List<Condition> all = new ArrayList<>();
        all.add(not());
        while (acceptKeyword("and")) {
            all.add(not());
        }
        return Condition.and(all);
    }

    private Condition not() {
        Token t = peek();
        if (!acceptKeyword("not")) {
            return primary();
        }
        enter(t);
        Condition negated = Condition.not(not());
        depth--;
        return negated;
    }

    private Condition primary() {
        Token t = peek();
        if (accept(Kind.LPAREN)) {
            enter(t);
            Condition inner = or();
            if (!accept(Kind.RPAREN)) {
                throw unexpected(peek(), afterCondition + " or )");
            }
            depth--;
            afterCondition = "and, or";
            return inner;
        }
        Operand left = operand("a field, a literal, not or (");
        afterCondition = "and, or";
        Token op = peek();
        switch (op.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                next++;
                return new Comparison(left, comparison(op.kind()), operand(VALUE));
            }
            case MATCH -> {
                next++;
                return new RegexMatch(left, regex());
            }
            default -> { }
        }
        if (acceptKeyword("is")) {
            boolean negated = acceptKeyword("not");
            expectKeyword("null", negated ? "null" : "null or not null");
            return Condition.isNull(left, negated);
        }
        if (op.isKeyword("not") && tokens.get(next + 1).isKeyword("in")) {
            next += 2;
            return new InList(left, list(), true);
        }
        if (acceptKeyword("in")) {
            return new InList(left, list(), false);
        }
        if (left instanceof FieldPath) {
            afterCondition = OPERATORS + ", and, or";
            return Condition.isTrue(left);
        }
        JsonNode literal = ((Operand.Literal) left).value();
        if (literal.isBoolean()) {
            return Condition.constant(literal.booleanValue());
        }
        throw unexpected(op, OPERATORS);
    }

    private Operand operand(String expected) {
        Token t = peek();
        if (t.kind() == Kind.NUMBER || t.kind() == Kind.STRING || t.isKeyword("true") || t.isKeyword("false")
                || t.isKeyword("null")) {
            return new Operand.Literal(literal(expected));
        }
        return path(expected);
    }

    private List<JsonNode> list() {
        if (!accept(Kind.LPAREN)) {
            throw unexpected(peek(), "( and a list of literals, e.g. in ('a', 'b')");
        }
        List<JsonNode> values = new ArrayList<>();
        do {
            values.add(literal("a number, a 'string', true or false"));
        } while (accept(Kind.COMMA));
        if (!accept(Kind.RPAREN)) {
            throw unexpected(peek(), "',' or )");
        }
        return values;
    }

    private JsonNode literal(String expected) {
        Token t = peek();
        JsonNode value;
        if (t.kind() == Kind.NUMBER) {
            value = number(t);
        } else if (t.kind() == Kind.STRING) {
            value = TextNode.valueOf(t.value());
        } else if (t.isKeyword("true") || t.isKeyword("false")) {
            value = BooleanNode.valueOf(t.isKeyword("true"));
        } else if (t.isKeyword("null")) {
            throw unexpected(t, expected + "; test for null with is null or is not null");
        } else {
            throw unexpected(t, expected);
        }
        next++;
        return value;
    }

    private static JsonNode number(Token t) {
        String s = t.value();
        if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
            try {
                return LongNode.valueOf(Long.parseLong(s));
            } catch (NumberFormatException e) {
                // beyond a long: a double below
            }
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new MqlException("mql: number " + Lexer.shown(s) + " out of range at " + t.position()
                    + " (expected: a number within a double's range)", t.position());
        }
        return DoubleNode.valueOf(d);
    }

    private Pattern regex() {
        Token t = peek();
        if (t.kind() != Kind.STRING) {
            throw unexpected(t, "a regex in single quotes, e.g. '^GET /api'");
        }
        next++;
        String over = RegexBudget.overBudget(t.value());
        if (over != null) {
            throw new MqlException("mql: regex " + Lexer.shown(t.value()) + " at " + t.position() + " is over its budget"
                    + " (expected: " + over + ")", t.position());
        }
        if (++regexes > RegexBudget.MAX_PER_QUERY) {
            throw new MqlException("mql: regex " + Lexer.shown(t.value()) + " at " + t.position() + " is one too many"
                    + " (expected: at most " + RegexBudget.MAX_PER_QUERY + " regexes per query)", t.position());
        }
        try {
            return Pattern.compile(t.value());
        } catch (PatternSyntaxException e) {
            throw new MqlException("mql: bad regex " + Lexer.shown(t.value()) + " at " + t.position() + ": "
                    + e.getDescription() + " near index " + e.getIndex() + " (expected: a java.util.regex pattern)",
                    t.position());
        }
    }

    private static Comparison.Op comparison(Kind kind) {
        return switch (kind) {
            case EQ -> Comparison.Op.EQ;
            case NE -> Comparison.Op.NE;
            case LT -> Comparison.Op.LT;
            case LE -> Comparison.Op.LE;
            case GT -> Comparison.Op.GT;
            case GE -> Comparison.Op.GE;
            default -> throw new IllegalArgumentException("kind: " + kind + " (expected: a comparison)");
        };
    }

    private void enter(Token t) {
        if (++depth > Mql.MAX_DEPTH) {
            throw new MqlException("mql: nesting deeper than " + Mql.MAX_DEPTH + " at " + t.position()
                    + " (expected: fewer parentheses and nots)", t.position());
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() != kind) {
            return false;
        }
        next++;
        return true;
    }

    private boolean acceptKeyword(String word) {
        if (!peek().isKeyword(word)) {
            return false;
        }
        next++;
        return true;
    }

    private void expectKeyword(String word, String expected) {
        if (!acceptKeyword(word)) {
            throw unexpected(peek(), expected);
        }
    }

    private static boolean isKeyword(Token t) {
        return KEYWORDS.contains(t.value().toLowerCase(Locale.ROOT));
    }

    private MqlException unexpected(Token t, String expected) {
        String what = t.kind() == Kind.END ? "end of query" : Lexer.shown(text.substring(t.start(), t.end()));
        return new MqlException("mql: unexpected " + what + " at " + t.position() + " (expected: " + expected + ")",
                t.position());
    }
}
