package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.math.MathContext;

/** One aggregate's running value over one group in one window; constant size whatever the number of records. */
interface Accumulator {

    /** Adds one record's value; {@code null} (missing) and JSON null are skipped. */
    void add(JsonNode value);

    /** The aggregate over what was added: JSON null when nothing was. */
    JsonNode result();

    /** The accumulator of {@code function}. */
    static Accumulator of(AggregateFunction function) {
        return switch (function) {
            case COUNT -> new Count();
            case SUM -> new Sum();
            case AVERAGE -> new Average();
            case MIN -> new Extreme(-1);
            case MAX -> new Extreme(1);
            case FIRST -> new First();
        };
    }

    /** Counts the values that are present and not JSON null (every record for {@code count(*)}). */
    final class Count implements Accumulator {
        private long n;

        @Override
        public void add(JsonNode value) {
            if (value != null && !value.isNull()) {
                n++;
            }
        }

        @Override
        public JsonNode result() {
            return LongNode.valueOf(n);
        }
    }

    /** Sums numbers exactly: as a long while it fits, then as a {@link BigDecimal}; other values are skipped. */
    final class Sum implements Accumulator {
        private long exact;
        private BigDecimal big;
        private boolean integral = true;
        long n;

        @Override
        public void add(JsonNode value) {
            if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue()) && !value.isBigDecimal()
                    && !value.isBigInteger()) {
                return;
            }
            n++;
            if (big == null && value.isIntegralNumber() && value.canConvertToLong()) {
                long v = value.longValue();
                long r = exact + v;
                if (((exact ^ r) & (v ^ r)) >= 0) {
                    exact = r;
                    return;
                }
            }
            integral &= value.isIntegralNumber();
            if (big == null) {
                big = BigDecimal.valueOf(exact);
            }
            big = big.add(value.decimalValue());
        }

        BigDecimal total() {
            return big != null ? big : BigDecimal.valueOf(exact);
        }

        @Override
        public JsonNode result() {
            if (big == null) {
                return LongNode.valueOf(exact);
            }
            return integral ? BigIntegerNode.valueOf(big.toBigIntegerExact()) : DecimalNode.valueOf(big);
        }
    }

    /** The mean of the numbers, as a double. */
    final class Average implements Accumulator {
        private final Sum sum = new Sum();

        @Override
        public void add(JsonNode value) {
            sum.add(value);
        }

        @Override
        public JsonNode result() {
            return sum.n == 0 ? NullNode.getInstance()
                    : DoubleNode.valueOf(sum.total().divide(BigDecimal.valueOf(sum.n), MathContext.DECIMAL128).doubleValue());
        }
    }

    /** The least ({@code sign} -1) or greatest (1) number; other values are skipped. */
    final class Extreme implements Accumulator {
        private final int sign;
        private JsonNode best;

        Extreme(int sign) {
            this.sign = sign;
        }

        @Override
        public void add(JsonNode value) {
            if (value != null && value.isNumber() && (best == null || Values.compare(value, best) == sign)) {
                best = value;
            }
        }

        @Override
        public JsonNode result() {
            return best == null ? NullNode.getInstance() : best;
        }
    }

    /** The first value present: a select item that is not an aggregate. */
    final class First implements Accumulator {
        private JsonNode first;

        @Override
        public void add(JsonNode value) {
            if (first == null && value != null && !value.isNull()) {
                first = value;
            }
        }

        @Override
        public JsonNode result() {
            return first == null ? NullNode.getInstance() : first;
        }
    }
}
