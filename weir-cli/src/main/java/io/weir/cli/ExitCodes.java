package io.weir.cli;

import io.weir.client.WeirClientException;
import io.weir.core.config.ConfigException;

/** Exit codes of the CLI: 0 ok, 1 a user error (bad input or configuration), 2 a server or environment error. */
final class ExitCodes {

    static final int OK = 0;
    static final int USER_ERROR = 1;
    static final int SERVER_ERROR = 2;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        boolean user = e instanceof IllegalArgumentException || e instanceof ConfigException
                || e instanceof WeirClientException w && w.isUserError();
        return user ? USER_ERROR : SERVER_ERROR;
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
