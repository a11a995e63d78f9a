package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.mql.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser from tokens to a compiled {@link MqlQuery}; one instance per query. The grammar is in
 * {@code docs/mql.md}: {@code select} items, an optional {@code from}, then clauses, each at most once.
 */
final class Parser {

    private static final String CLAUSES = "window, where, group by, having, order by, limit, sample";
    private static final String AGGREGATE_NEEDED = "an aggregate in select, e.g. select count(e[\"x\"]) as c from stream window 10";

    private final TokenStream in;
    private final ConditionParser conditions;
    private final List<SelectItem> items = new ArrayList<>();
    private final Set<String> clauses = new HashSet<>();
    private Token firstAggregate;
    private Token windowToken;
    private long windowSeconds;
    private Condition where;
    private final List<Operand> groupBy = new ArrayList<>();
    private Token groupToken;
    private Condition having;
    private Token havingToken;
    private Operand orderBy;
    private Token orderToken;
    private boolean descending;
    private long limit = -1;
    private Token limitToken;
    private Sampler sample;

    Parser(TokenStream in) {
        this.in = in;
        this.conditions = new ConditionParser(in);
    }

    MqlQuery query() {
        in.expectKeyword("select", "select");
        boolean all = in.accept(Kind.STAR);
        if (!all) {
            do {
                items.add(item());
            } while (in.accept(Kind.COMMA));
        }
        String source = "stream";
        if (in.acceptKeyword("from")) {
            source = source();
        } else if (in.peek().kind() != Kind.END && !isClause(in.peek())) {
            throw in.unexpected(in.peek(), (all ? "" : "',', as, ") + "from, " + CLAUSES + " or the end of the query");
        }
        String after = "";
        while (in.peek().kind() != Kind.END) {
            Token t = in.peek();
            if (!isClause(t)) {
                throw unsupportedOrUnexpected(t, after);
            }
            after = clause(t);
        }
        Aggregation aggregation = firstAggregate != null ? aggregation() : null;
        if (aggregation == null) {
            rejectAggregateClauses();
        }
        Projection projection = all || aggregation != null ? null : projection();
        return new MqlQuery(in.text(), source, projection, where, sample, aggregation);
    }

    private String source() {
        Token t = in.peek();
        if (t.kind() == Kind.STRING || t.kind() == Kind.NAME && !TokenStream.isKeyword(t)) {
            in.take();
            if (in.peek().isKeyword("join") || in.peek().kind() == Kind.COMMA) {
                throw in.unsupported(in.peek(), "joining streams", "one stream name");
            }
            return t.value();
        }
        throw in.unexpected(t, "a stream name, e.g. stream");
    }

    private SelectItem item() {
        Token first = in.peek();
        if (first.kind() == Kind.NAME && in.peekSecond().kind() == Kind.LPAREN) {
            return aggregate(first);
        }
        Operand source = conditions.operand("a field, a literal, an aggregate or *");
        String as = as();
        return new SelectItem(first, AggregateFunction.FIRST, source, as);
    }

    private SelectItem aggregate(Token name) {
        AggregateFunction function = AggregateFunction.named(name.value());
        if (function == null) {
            throw in.unsupported(name, "function " + Lexer.shown(name.value() + "()"),
                    "count, sum, min, max or average; percentiles, list and tick() are not supported");
        }
        in.take();
        in.take();
        if (firstAggregate == null) {
            firstAggregate = name;
        }
        Operand source = null;
        if (in.peek().isKeyword("distinct")) {
            throw in.unsupported(in.peek(), "distinct", "an aggregate over every value, e.g. count(e[\"x\"])");
        }
        if (!in.accept(Kind.STAR)) {
            Token t = in.peek();
            source = conditions.operand("a field or *");
            if (source instanceof StarPath || source instanceof PrefixFields || source instanceof Operand.Literal) {
                throw in.unsupported(t, Lexer.shown(in.text().substring(t.start(), in.peek().start()).strip())
                        + " in an aggregate", "a field, e.g. count(e[\"x\"]), or *");
            }
        } else if (function != AggregateFunction.COUNT) {
            throw in.unsupported(name, name.value() + "(*)", "a field, e.g. " + name.value() + "(e[\"x\"]); only count takes *");
        }
        in.expect(Kind.RPAREN, ")");
        return new SelectItem(name, function, source, as());
    }

    private String as() {
        if (!in.acceptKeyword("as")) {
            return null;
        }
        Token t = in.peek();
        if (t.kind() == Kind.STRING || t.kind() == Kind.NAME && !TokenStream.isKeyword(t)) {
            in.take();
            return t.value();
        }
        throw in.unexpected(t, "an output name, e.g. as x or as \"the x\"");
    }

    private static boolean isClause(Token t) {
        return t.isKeyword("window") || t.isKeyword("where") || t.isKeyword("group") || t.isKeyword("having")
                || t.isKeyword("order") || t.isKeyword("limit") || t.isKeyword("sample");
    }

    /** Parses one clause; returns what may continue the last one, for the message when something else follows. */
    private String clause(Token t) {
        String name = t.value().toLowerCase(java.util.Locale.ROOT);
        if (!clauses.add(name)) {
            throw in.unexpected(t, "each clause at most once");
        }
        in.take();
        switch (name) {
            case "window" -> {
                windowToken = t;
                windowSeconds = integer(in.peek().kind() == Kind.NUMBER ? in.take() : unexpectedNumber(), 1,
                        Mql.MAX_WINDOW_SECONDS, "a window length in seconds, 1 to " + Mql.MAX_WINDOW_SECONDS);
                if (in.peek().kind() == Kind.NUMBER) {
                    throw in.unsupported(in.peek(), "a sliding window (window N M)", "window N, a tumbling window of N seconds");
                }
                return "";
            }
            case "where" -> {
                where = conditions.condition();
                return conditions.afterCondition() + ", ";
            }
            case "group" -> {
                groupToken = t;
                in.expectKeyword("by", "by");
                do {
                    Token f = in.peek();
                    Operand o = conditions.operand("a field");
                    if (!(o instanceof FieldPath)) {
                        throw in.unexpected(f, "a field to group by, e.g. e[\"node\"]");
                    }
                    groupBy.add(o);
                } while (in.accept(Kind.COMMA));
                return "',', ";
            }
            case "having" -> {
                havingToken = t;
                having = conditions.condition();
                return conditions.afterCondition() + ", ";
            }
            case "order" -> {
                orderToken = t;
                in.expectKeyword("by", "by");
                Token f = in.peek();
                orderBy = conditions.operand("an output field");
                if (!(orderBy instanceof FieldPath)) {
                    throw in.unexpected(f, "an output field to order by, e.g. e[\"c\"]");
                }
                descending = in.acceptKeyword("desc");
                return descending || in.acceptKeyword("asc") ? "" : "asc, desc, ";
            }
            case "limit" -> {
                limitToken = t;
                limit = integer(in.peek().kind() == Kind.NUMBER ? in.take() : unexpectedNumber(), 0, Integer.MAX_VALUE,
                        "a number of records, 0 or more");
                return "";
            }
            case "sample" -> {
                sample = Sampler.parse(in.expect(Kind.JSON, "a sampling object, e.g. {\"strategy\": \"RANDOM\", \"threshold\": 200}"));
                return "";
            }
            default -> throw new IllegalStateException("clause: " + name);
        }
    }

    private Token unexpectedNumber() {
        throw in.unexpected(in.peek(), "a whole number");
    }

    private long integer(Token t, long min, long max, String expected) {
        JsonNode n = ConditionParser.number(t);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw in.unexpected(t, expected);
        }
        return n.longValue();
    }

    private MqlException unsupportedOrUnexpected(Token t, String after) {
        for (String word : List.of("anomaly", "join", "tick")) {
            if (t.isKeyword(word)) {
                return in.unsupported(t, Lexer.shown(t.value()), CLAUSES + " or the end of the query");
            }
        }
        return in.unexpected(t, after + CLAUSES + " or the end of the query");
    }

    private void rejectAggregateClauses() {
        for (Token t : new Token[] {windowToken, groupToken, havingToken, orderToken, limitToken}) {
            if (t != null) {
                String clause = t.value().toLowerCase(java.util.Locale.ROOT);
                clause = clause.equals("group") || clause.equals("order") ? clause + " by" : clause;
                throw in.unsupported(t, "'" + clause + "' without an aggregate", AGGREGATE_NEEDED);
            }
        }
    }

    private Aggregation aggregation() {
        if (windowToken == null) {
            throw in.unsupported(firstAggregate, "an aggregate without window", "a window, e.g. ... from stream window 10");
        }
        List<Aggregation.Item> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SelectItem item : items) {
            if (item.source instanceof StarPath || item.source instanceof PrefixFields) {
                throw in.unsupported(item.token, "[*] and e[^...] in an aggregate query", "fields, literals and aggregates");
            }
            String name = item.outputName();
            if (!names.add(name)) {
                throw new MqlException("mql: output field " + Lexer.shown(name) + " selected twice at "
                        + item.token.position() + " (expected: distinct output fields; rename one with as)", item.token.position());
            }
            out.add(new Aggregation.Item(name, item.function, item.source));
        }
        return new Aggregation(out, windowSeconds * 1000, List.copyOf(groupBy), having, orderBy, descending, limit);
    }

    private Projection projection() {
        var builder = new Projection.Builder();
        for (SelectItem item : items) {
            List<String> target = item.target();
            if (target.isEmpty() && !(item.source instanceof PrefixFields)) {
                throw in.unexpected(item.token, "an output name for e[*]: add as, e.g. e[*] as values");
            }
            builder.add(target, item.source, item.token.position());
        }
        return builder.build();
    }

    /** One parsed select item: where it starts, what it computes, from what, and its {@code as} name or null. */
    private record SelectItem(Token token, AggregateFunction function, Operand source, String as) {

        /** The output path of a plain item: its {@code as} name, its field path, or its literal's text. */
        List<String> target() {
            if (as != null) {
                return List.of(as);
            }
            return switch (source) {
                case FieldPath p -> p.outputNames();
                case StarPath s -> concat(s.prefix().outputNames(), s.suffix().outputNames());
                case Operand.Literal l -> List.of(l.value().isTextual() ? l.value().textValue() : l.value().toString());
                default -> List.of();
            };
        }

        /** The output field of an item of an aggregate query: {@code as}, or e.g. {@code COUNT(a.b)}, {@code a.b}. */
        String outputName() {
            if (as != null) {
                return as;
            }
            String field = source == null ? "*" : String.join(".", target());
            return function == AggregateFunction.FIRST ? field : function.name() + "(" + field + ")";
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }
}
