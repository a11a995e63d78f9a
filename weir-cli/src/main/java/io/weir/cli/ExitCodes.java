package io.weir.cli;

import io.weir.client.WeirClientException;
import io.weir.core.config.ConfigException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Exit codes of the CLI: 0 ok, 1 a user error (bad input or configuration), 2 a server or environment error. */
final class ExitCodes {

    static final int OK = 0;
    static final int USER_ERROR = 1;
    static final int SERVER_ERROR = 2;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        boolean user = e instanceof IllegalArgumentException || e instanceof ConfigException || e instanceof NoSuchFileException
                || e instanceof AccessDeniedException
                || e instanceof WeirClientException w && w.isUserError();
        return user ? USER_ERROR : SERVER_ERROR;
    }

    /** What went wrong, in the CLI's terms: a missing file by its name, the master's sentences without REST paths. */
    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        if (root instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (root instanceof AccessDeniedException denied) {
            return "cannot read " + denied.getFile() + ": permission denied";
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : CliPhrasing.of(root.getMessage());
    }
}
