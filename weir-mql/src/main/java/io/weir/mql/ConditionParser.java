package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weir.mql.Token.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses conditions ({@code where}, {@code having}) and operands: {@code or} (also {@code ||}) binds loosest, then
 * {@code and} ({@code &&}), then {@code not} ({@code !}), which negates the condition after it.
 */
final class ConditionParser {

    static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "average");
    private static final String OPERATORS = "an operator (==, !=, <, <=, >, >=, ==~, =~, is, in)";
    private static final String VALUE = "a field, a number, a \"string\", true, false or null";

    private final TokenStream in;
    private int depth;
    private int regexes;
    /** What may follow the condition parsed last, for the message when something else does. */
    private String afterCondition = "and, or";

    ConditionParser(TokenStream in) {
        this.in = in;
    }

    /** What may follow the condition parsed last, e.g. {@code and, or}. */
    String afterCondition() {
        return afterCondition;
    }

    Condition condition() {
        List<Condition> any = new ArrayList<>();
        any.add(and());
        while (in.acceptKeyword("or") || in.accept(Kind.OR)) {
            any.add(and());
        }
        return Condition.or(any);
    }

    private Condition and() {
        List<Condition> all = new ArrayList<>();
        all.add(not());
        while (in.acceptKeyword("and") || in.accept(Kind.AND)) {
            all.add(not());
        }
        return Condition.and(all);
    }

    private Condition not() {
        Token t = in.peek();
        if (!in.acceptKeyword("not") && !in.accept(Kind.NOT)) {
            return primary();
        }
        enter(t);
        Condition negated = Condition.not(not());
        depth--;
        return negated;
    }

    private Condition primary() {
        Token t = in.peek();
        if (in.accept(Kind.LPAREN)) {
            enter(t);
            Condition inner = condition();
            if (!in.accept(Kind.RPAREN)) {
                throw in.unexpected(in.peek(), afterCondition + " or )");
            }
            depth--;
            afterCondition = "and, or";
            return inner;
        }
        Operand left = operand("a field, a literal, not or (");
        afterCondition = "and, or";
        if (left instanceof PrefixFields) {
            throw in.unsupported(t, "e[^...] in a condition", "e[^\"prefix\"] in select only");
        }
        if (left instanceof StarPath star) {
            Condition each = test(star.suffix(), true);
            return new AnyElement(star.prefix(), each);
        }
        return test(left, false);
    }

    private Condition test(Operand left, boolean ofElements) {
        Token op = in.peek();
        switch (op.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                in.take();
                Token r = in.peek();
                Operand right = operand(VALUE);
                if (right instanceof StarPath || right instanceof PrefixFields || ofElements && !(right instanceof Operand.Literal)) {
                    throw in.unsupported(r, ofElements ? "comparing [*] with anything but a literal" : Lexer.shown(
                            in.text().substring(r.start(), in.peek().start()).strip()) + " on the right",
                            ofElements ? "a literal on the right, e.g. e[\"tags\"][*] == \"x\"" : "[*] and e[^...] on the left only");
                }
                return new Comparison(left, comparison(op.kind()), right);
            }
            case MATCH -> {
                in.take();
                return new RegexMatch(left, regex(in.expect(Kind.REGEX, "a regex between slashes, e.g. /i-12.*/")), true);
            }
            case FIND -> {
                in.take();
                Token r = in.peek();
                if (r.kind() != Kind.STRING && r.kind() != Kind.REGEX) {
                    throw in.unexpected(r, "a regex, e.g. '^GET /api' or /^GET \\/api/");
                }
                return new RegexMatch(left, regex(in.take()), false);
            }
            default -> { }
        }
        if (ofElements) {
            throw in.unexpected(op, "a comparison or a regex match after [*]");
        }
        if (in.acceptKeyword("is")) {
            boolean negated = in.acceptKeyword("not");
            in.expectKeyword("null", negated ? "null" : "null or not null");
            return Condition.isNull(left, negated);
        }
        if (op.isKeyword("not") && in.peekSecond().isKeyword("in")) {
            in.take();
            in.take();
            return new InList(left, list(), true);
        }
        if (in.acceptKeyword("in")) {
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
        throw in.unexpected(op, OPERATORS);
    }

    /** A field ({@code e["a"][0]}, {@code e["a"][*]}, {@code e[^"p"]} or a bare name) or a literal. */
    Operand operand(String expected) {
        Token t = in.peek();
        if (t.kind() == Kind.NUMBER || t.kind() == Kind.STRING || t.isKeyword("true") || t.isKeyword("false")
                || t.isKeyword("null")) {
            return new Operand.Literal(literal(expected));
        }
        if (t.isKeyword("not") || t.kind() == Kind.NOT) {
            throw in.unsupported(t, "'not' before a value", "not before a condition, e.g. not (e[\"a\"] == 1)");
        }
        if (t.kind() != Kind.NAME) {
            throw in.unexpected(t, expected);
        }
        if (t.value().equals("e") && in.peekSecond().kind() == Kind.LBRACKET) {
            in.take();
            return path();
        }
        if (in.peekSecond().kind() == Kind.LPAREN) {
            throw AGGREGATES.contains(t.value().toLowerCase(java.util.Locale.ROOT))
                    ? in.unsupported(t, "aggregate " + Lexer.shown(t.value()) + " outside select",
                    "aggregates as select items, e.g. select count(e[\"x\"]) as c from stream window 10")
                    : in.unsupported(t, "function " + Lexer.shown(t.value() + "()"),
                    "a field or a literal; functions are count, sum, min, max and average in select");
        }
        if (TokenStream.isKeyword(t)) {
            throw in.unexpected(t, expected + "; write a field named like a keyword as e[\"" + t.value() + "\"]");
        }
        if (in.peekSecond().kind() == Kind.LBRACKET) {
            throw in.unexpected(in.peekSecond(), "an operator; index a field as e[\"" + t.value() + "\"][0]");
        }
        in.take();
        return FieldPath.of(t.value());
    }

    private Operand path() {
        List<Object> steps = new ArrayList<>();
        List<Object> suffix = null;
        while (in.peek().kind() == Kind.LBRACKET) {
            Token open = in.take();
            Token t = in.take();
            switch (t.kind()) {
                case STRING -> (suffix != null ? suffix : steps).add(t.value());
                case NUMBER -> (suffix != null ? suffix : steps).add(index(t));
                case STAR -> {
                    if (suffix != null) {
                        throw in.unsupported(t, "a second [*]", "at most one [*] in a path");
                    }
                    suffix = new ArrayList<>();
                }
                case CARET -> {
                    Token prefix = in.expect(Kind.STRING, "a quoted prefix, e.g. e[^\"nf.\"]");
                    in.expect(Kind.RBRACKET, "]");
                    if (!steps.isEmpty() || suffix != null || in.peek().kind() == Kind.LBRACKET) {
                        throw in.unsupported(open, "e[^...] inside a path", "e[^\"prefix\"] alone, for top-level fields");
                    }
                    return new PrefixFields(prefix.value());
                }
                default -> throw in.unexpected(t, "a quoted field name, a list index, * or ^\"prefix\" in e[...]");
            }
            in.expect(Kind.RBRACKET, "]");
        }
        return suffix == null ? new FieldPath(steps) : new StarPath(new FieldPath(steps), new FieldPath(suffix));
    }

    private int index(Token t) {
        try {
            return Integer.parseInt(t.value());
        } catch (NumberFormatException e) {
            throw in.unexpected(t, "a list index, an integer like 0 or -1");
        }
    }

    private List<JsonNode> list() {
        if (!in.accept(Kind.LPAREN)) {
            throw in.unexpected(in.peek(), "( and a list of literals, e.g. in (\"a\", \"b\")");
        }
        List<JsonNode> values = new ArrayList<>();
        do {
            values.add(literal("a number, a \"string\", true, false or null"));
        } while (in.accept(Kind.COMMA));
        if (!in.accept(Kind.RPAREN)) {
            throw in.unexpected(in.peek(), "',' or )");
        }
        return values;
    }

    JsonNode literal(String expected) {
        Token t = in.peek();
        JsonNode value;
        if (t.kind() == Kind.NUMBER) {
            value = number(t);
        } else if (t.kind() == Kind.STRING) {
            value = TextNode.valueOf(t.value());
        } else if (t.isKeyword("true") || t.isKeyword("false")) {
            value = BooleanNode.valueOf(t.isKeyword("true"));
        } else if (t.isKeyword("null")) {
            value = NullNode.getInstance();
        } else {
            throw in.unexpected(t, expected);
        }
        in.take();
        return value;
    }

    /** An int or a long when the number is an integer that fits (as JSON parsers do), a big integer beyond; a double unless only a decimal is exact. */
    static JsonNode number(Token t) {
        String s = t.value();
        boolean integral = s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
        if (integral) {
            BigInteger big = new BigInteger(s);
            if (big.bitLength() < 32) {
                return IntNode.valueOf(big.intValue());
            }
            return big.bitLength() < 64 ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new MqlException("mql: number " + Lexer.shown(s) + " out of range at " + t.position()
                    + " (expected: a number within a double's range)", t.position());
        }
        BigDecimal exact = new BigDecimal(s);
        return exact.compareTo(BigDecimal.valueOf(d)) == 0 ? DoubleNode.valueOf(d) : DecimalNode.valueOf(exact);
    }

    private Pattern regex(Token t) {
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
}
