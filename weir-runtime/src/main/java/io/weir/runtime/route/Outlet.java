package io.weir.runtime.route;

/**
 * One downstream subscription a record can be written to, as a router sees it. Methods may be called
 * from the routing thread at any time and must be cheap.
 */
public interface Outlet {

    /** The downstream worker's index (its slot in the stage, kept across replacement). */
    int workerIndex();

    /** Records the outlet may take now without waiting (granted credit); 0 when it must wait. */
    long credit();

    /** Records taken but not yet sent (or not yet acknowledged): the outlet's load. */
    int queued();
}
