package io.weir.core.worker;

import io.weir.core.model.FailureKind;
import io.weir.core.model.InvalidDefinitionException;
import java.net.BindException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/** Classifies what a worker's start threw: a wrong definition or missing code is permanent, a taken port is the agent's, the rest transient. */
public final class StartFailures {

    private StartFailures() {
    }

    public static FailureKind classify(Throwable thrown) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof InvalidDefinitionException || t instanceof ClassNotFoundException || t instanceof LinkageError) {
                return FailureKind.PERMANENT;
            }
            if (t instanceof BindException || addressInUse(t.getMessage())) {
                return FailureKind.PORT_IN_USE;
            }
        }
        return FailureKind.TRANSIENT;
    }

    /** Netty's native transports report a taken port as an IOException whose message says so. */
    private static boolean addressInUse(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("address already in use");
    }
}
