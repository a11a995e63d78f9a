package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code left op right}: {@code ==} and {@code !=} under {@link Values#equal} ({@code !=} is exactly its negation),
 * the orderings under {@link Values#compare}, false whenever the two have no order.
 */
final class Comparison implements Condition {

    /** The comparison operators. */
    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** Whether a {@link Values#compare} result other than incomparable satisfies this ordering. */
        boolean accepts(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp == -1;
                case LE -> cmp == -1 || cmp == 0;
                case GT -> cmp == 1;
                case GE -> cmp == 1 || cmp == 0;
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    private final Operand left;
    private final Op op;
    private final Operand right;

    Comparison(Operand left, Op op, Operand right) {
        this.left = Objects.requireNonNull(left, "left");
        this.op = Objects.requireNonNull(op, "op");
        this.right = Objects.requireNonNull(right, "right");
    }

    @Override
    public boolean test(JsonNode record) {
        JsonNode a = left.value(record);
        JsonNode b = right.value(record);
        if (op == Op.EQ) {
            return Values.equal(a, b);
        }
        if (op == Op.NE) {
            return !Values.equal(a, b);
        }
        int cmp = Values.compare(a, b);
        return cmp != Values.INCOMPARABLE && op.accepts(cmp);
    }

    @Override
    public String toString() {
        return left + " " + op + " " + right;
    }
}
