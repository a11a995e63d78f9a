package io.weir.master.resource;

/** The same scheduling behaviour with the direct first-fit scheduler (no reservations). */
class DirectSchedulingTest extends ResourceSchedulingTest {

    @Override
    ResourceClusterConfig config() {
        return new ResourceClusterConfig(FAST.heartbeatTimeoutMillis(), FAST.tickMillis(), FAST.leaseMillis(), true, FAST.reservations());
    }
}
