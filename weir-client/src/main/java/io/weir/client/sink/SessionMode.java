package io.weir.client.sink;

/** How many sink workers serve a session at once. */
public enum SessionMode {
    /** One connection to every sink worker, records merged (Mantis's client); workers come and go with discovery. */
    ALL,
    /** One sink worker at a time; on failure the session fails over to another, preferring one not known dead. */
    ONE
}
