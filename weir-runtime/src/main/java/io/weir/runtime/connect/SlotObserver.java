package io.weir.runtime.connect;

/** What a {@link DynamicConnectionSet} tells its reconciliator about one slot. Owner thread. */
interface SlotObserver {

    /** A dial to {@code endpoint}'s {@code slot} failed; the slot is idle again. */
    void onAttemptFailed(Endpoint endpoint, int slot, Throwable cause);

    /**
     * The connection in {@code endpoint}'s {@code slot} was lost after {@code upMillis}; the slot is idle again.
     * {@code endedByPeer}: the upstream ended it on purpose (it is draining or done) rather than failing.
     */
    void onLost(Endpoint endpoint, int slot, long upMillis, boolean endedByPeer);

    SlotObserver NONE = new SlotObserver() {
        @Override
        public void onAttemptFailed(Endpoint endpoint, int slot, Throwable cause) {
        }

        @Override
        public void onLost(Endpoint endpoint, int slot, long upMillis, boolean endedByPeer) {
        }
    };
}
