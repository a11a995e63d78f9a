package io.weir.runtime.sink;

import io.weir.mql.MqlQuery;

/**
 * A consumer's query conflicts with connected consumers': its {@code clientId} group or its {@code subscriptionId}
 * already uses another query. Answered with 409; the message names the fix.
 */
final class SubscriptionConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SubscriptionConflictException(String message) {
        super(message, null, false, false);
    }

    /** The query text for a message, shortened when long. */
    static String shown(MqlQuery query) {
        String text = query.text();
        return "'" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "'";
    }
}
