package io.weir.runtime.route;

import java.util.Objects;

/**
 * Key hashes that every JVM computes alike, so all upstream workers send a key to the same downstream
 * index. ({@code Object.hashCode()} is not such a hash for enums and many other types.)
 */
public final class KeyHashes {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHashes() {
    }

    /** FNV-1a over the bytes, e.g. a key's encoded form. */
    public static long ofBytes(byte[] key) {
        Objects.requireNonNull(key, "key");
        long h = FNV_OFFSET;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** FNV-1a over the UTF-16 code units of the string. */
    public static long ofString(CharSequence key) {
        Objects.requireNonNull(key, "key");
        long h = FNV_OFFSET;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }

    /** A well-mixed 64-bit hash of {@code value} (the SplitMix64 finalizer). */
    public static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
