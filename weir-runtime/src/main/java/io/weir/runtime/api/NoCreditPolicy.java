package io.weir.runtime.api;

/** What a source does when downstream has granted no credit: wait (lossless), or drop and count the records. */
public enum NoCreditPolicy {
    /** The source is asked for no more records until credit returns; nothing is lost. */
    WAIT,
    /** Records the source produces without credit are dropped and counted in {@code weir_source_dropped_records_total}. */
    DROP
}
