package io.weir.runtime.api;

/** Turns records into bytes and back, for the wire between stages. Implementations must be thread-safe. */
public interface Codec<T> {

    byte[] encode(T value);

    T decode(byte[] bytes);
}
