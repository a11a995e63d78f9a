package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.mql.Mql;
import org.junit.jupiter.api.Test;

/** Queries shared under a subscriptionId: bind, join with or without the query, conflicts, unbinding. */
class SubscriptionsTest {

    private final Subscriptions subscriptions = new Subscriptions();

    private static SubscribeParams params(String mql, String subscriptionId) {
        return new SubscribeParams(null, null, 0, 0, false, mql == null ? null : Mql.parse(mql), subscriptionId);
    }

    @Test
    void theFirstConnectionBindsTheQueryAndOthersJoinWithOrWithoutIt() {
        var first = subscriptions.acquire(params("select a from s where a > 1", "sub"));
        var repeating = subscriptions.acquire(params("select a from s where a > 1", "sub"));
        var joining = subscriptions.acquire(params(null, "sub"));
        assertThat(repeating.query()).isSameAs(first.query());
        assertThat(joining.query()).isSameAs(first.query());
        assertThat(joining.subscriptionId()).isEqualTo("sub");
    }

    @Test
    void aDifferentQueryUnderABoundIdConflicts() {
        subscriptions.acquire(params("select a from s", "sub"));
        assertThatThrownBy(() -> subscriptions.acquire(params("select b from s", "sub")))
                .isInstanceOf(SubscriptionConflictException.class)
                .hasMessage("subscriptionId: 'sub' already shares the query 'select a from s' "
                        + "(expected: that query, no mql to join it, or another subscriptionId)");
    }

    @Test
    void anUnboundIdWithoutAQueryIsABadParameter() {
        assertThatThrownBy(() -> subscriptions.acquire(params(null, "nobody")))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("subscriptionId: 'nobody' (expected: an mql query as well, no connection shares a query under this id yet)");
    }

    @Test
    void theLastReleaseUnbindsTheIdSoANewQueryMayTakeIt() {
        var a = subscriptions.acquire(params("select a from s", "sub"));
        var b = subscriptions.acquire(params(null, "sub"));
        subscriptions.release(a);
        assertThat(subscriptions.size()).isEqualTo(1);
        subscriptions.release(b);
        assertThat(subscriptions.size()).isZero();
        assertThat(subscriptions.acquire(params("select b from s", "sub")).query()).isEqualTo(Mql.parse("select b from s"));
    }

    @Test
    void withoutAnIdParamsPassThroughUnbound() {
        var params = params("select a from s", null);
        assertThat(subscriptions.acquire(params)).isSameAs(params);
        subscriptions.release(params);
        assertThat(subscriptions.size()).isZero();
    }
}
