package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A compiled query: a filter ({@code where}, {@code sample}) and either a projection ({@code select}) of each record
 * or, for an aggregate query, windows of aggregates ({@link #newAggregator}). Immutable and thread-safe; evaluation
 * never throws and allocates nothing but the projected object. Equal when the query texts are equal.
 */
public final class MqlQuery {

    private final String text;
    private final String source;
    private final Projection projection;
    private final Condition where;
    private final Sampler sample;
    private final Aggregation aggregation;

    MqlQuery(String text, String source, Projection projection, Condition where, Sampler sample, Aggregation aggregation) {
        this.text = text;
        this.source = source;
        this.projection = projection;
        this.where = where;
        this.sample = sample;
        this.aggregation = aggregation;
    }

    /** The query text as given to {@link Mql#parse}. */
    public String text() {
        return text;
    }

    /** The name after {@code from}, e.g. {@code stream} ({@code stream} when there is no {@code from}); MQL gives it no meaning. */
    public String source() {
        return source;
    }

    /** Whether the query selects {@code *}, keeping records whole. */
    public boolean isSelectAll() {
        return projection == null && aggregation == null;
    }

    /** Whether the query has a {@code where} clause. */
    public boolean hasWhere() {
        return where != null;
    }

    /** Whether the query has a {@code sample} clause. */
    public boolean hasSample() {
        return sample != null;
    }

    /** Whether the query computes aggregates over windows: evaluate it with {@link #newAggregator}, not {@link #apply}. */
    public boolean isAggregate() {
        return aggregation != null;
    }

    /** The aggregation window in milliseconds, 0 when the query is not {@linkplain #isAggregate aggregate}. */
    public long windowMillis() {
        return aggregation == null ? 0 : aggregation.windowMillis();
    }

    /** Whether every record, JSON object or not, matches unchanged: {@code select *} without {@code where} or {@code sample}. */
    public boolean passesEverything() {
        return isSelectAll() && where == null && sample == null;
    }

    /**
     * Whether {@code record} passes the filter ({@code where}, then {@code sample}, which may draw at random); a
     * record that is not a JSON object passes only {@code select *} without {@code where}.
     */
    public boolean matches(JsonNode record) {
        Objects.requireNonNull(record, "record");
        if (passesEverything()) {
            return true;
        }
        if (!record.isObject()) {
            return isSelectAll() && where == null && sample.test(record);
        }
        return (where == null || where.test(record)) && (sample == null || sample.test(record));
    }

    /**
     * The selected fields of {@code record} as a new object sharing their values with it, or {@code record} itself
     * for {@code select *}; use with {@link #matches}. Change neither afterwards. Throws {@link IllegalStateException}
     * for an aggregate query.
     */
    public JsonNode project(JsonNode record) {
        Objects.requireNonNull(record, "record");
        if (aggregation != null) {
            throw new IllegalStateException("query: " + text + " (expected: a query without aggregates; use newAggregator)");
        }
        return projection == null ? record : projection.project(record);
    }

    /** {@link #project} of {@code record} when it {@link #matches}, otherwise null. */
    public JsonNode apply(JsonNode record) {
        return matches(record) ? project(record) : null;
    }

    /**
     * A new evaluation of this aggregate query, for one consumer, whose first window starts at {@code nowMillis};
     * throws {@link IllegalStateException} when the query is not {@linkplain #isAggregate aggregate}.
     */
    public Aggregator newAggregator(long nowMillis) {
        if (aggregation == null) {
            throw new IllegalStateException("query: " + text + " (expected: an aggregate query)");
        }
        return new Aggregator(this, aggregation, nowMillis, Mql.MAX_GROUPS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqlQuery q && text.equals(q.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
