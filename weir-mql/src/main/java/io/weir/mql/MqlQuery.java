package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A compiled query: a filter ({@code where}) and a projection ({@code select}) over JSON records. Immutable
 * and thread-safe; evaluation never throws and allocates nothing but the projected object. Equal when the
 * query texts are equal.
 */
public final class MqlQuery {

    private final String text;
    private final String source;
    private final Projection projection;
    private final Condition where;

    MqlQuery(String text, String source, Projection projection, Condition where) {
        this.text = text;
        this.source = source;
        this.projection = projection;
        this.where = where;
    }

    /** The query text as given to {@link Mql#parse}. */
    public String text() {
        return text;
    }

    /** The name after {@code from}, e.g. {@code stream}; MQL itself gives it no meaning. */
    public String source() {
        return source;
    }

    /** Whether the query selects {@code *}, keeping records whole. */
    public boolean isSelectAll() {
        return projection == null;
    }

    /** Whether the query has a {@code where} clause. */
    public boolean hasWhere() {
        return where != null;
    }

    /** Whether every record, JSON object or not, matches unchanged: {@code select *} without {@code where}. */
    public boolean passesEverything() {
        return projection == null && where == null;
    }

    /** Whether {@code record} passes the filter; a record that is not a JSON object passes only {@link #passesEverything()}. */
    public boolean matches(JsonNode record) {
        Objects.requireNonNull(record, "record");
        if (passesEverything()) {
            return true;
        }
        return record.isObject() && (where == null || where.test(record));
    }

    /**
     * The selected fields of {@code record} as a new object sharing their values with it, or {@code record} itself
     * for {@code select *}; use with {@link #matches}. Change neither afterwards.
     */
    public JsonNode project(JsonNode record) {
        Objects.requireNonNull(record, "record");
        return projection == null ? record : projection.project(record);
    }

    /** {@link #project} of {@code record} when it {@link #matches}, otherwise null. */
    public JsonNode apply(JsonNode record) {
        return matches(record) ? project(record) : null;
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
