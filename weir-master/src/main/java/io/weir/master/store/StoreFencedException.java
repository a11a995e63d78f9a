package io.weir.master.store;

/** Another master took the store over (a newer lease epoch): this one must change nothing more. */
public final class StoreFencedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreFencedException(String message) {
        super(message, null);
    }
}
