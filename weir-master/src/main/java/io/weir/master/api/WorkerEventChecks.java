package io.weir.master.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.model.WorkerEvent;
import java.util.List;

/**
 * Refuses a batch of worker events the store could not hold, naming the field: too many events, a host over 255
 * characters, ports over 1000 characters as JSON (the widths of the workers table).
 */
final class WorkerEventChecks {

    static final int MAX_EVENTS_PER_CALL = 10_000;
    static final int MAX_HOST_CHARS = 255;
    static final int MAX_PORTS_JSON_CHARS = 1000;

    private final ObjectMapper json;

    WorkerEventChecks(ObjectMapper json) {
        this.json = json;
    }

    /** Throws a 400 or 413 {@link HttpStatusException} for the first event that cannot be stored. */
    void check(List<WorkerEvent> events) {
        if (events.size() > MAX_EVENTS_PER_CALL) {
            throw new HttpStatusException(413, "events: " + events.size() + " in one call (expected: at most " + MAX_EVENTS_PER_CALL + ")");
        }
        for (int i = 0; i < events.size(); i++) {
            var e = events.get(i);
            if (e.host() != null && e.host().length() > MAX_HOST_CHARS) {
                throw new HttpStatusException(400, "events." + i + ".host: " + e.host().length() + " characters (expected: at most "
                        + MAX_HOST_CHARS + ")");
            }
            if (e.load() != null && (e.load().sessions() < 0
                    || e.load().reason() != null && e.load().reason().length() > MAX_HOST_CHARS)) {
                throw new HttpStatusException(400, "events." + i + ".load: sessions " + e.load().sessions() + ", reason of "
                        + (e.load().reason() == null ? 0 : e.load().reason().length()) + " characters (expected: sessions >= 0, "
                        + "a reason of at most " + MAX_HOST_CHARS + ")");
            }
            int portsChars = e.ports() == null ? 0 : length(e);
            if (portsChars > MAX_PORTS_JSON_CHARS) {
                throw new HttpStatusException(400, "events." + i + ".ports: " + portsChars + " characters as JSON (expected: at most "
                        + MAX_PORTS_JSON_CHARS + "; advertise fewer endpoints or shorter metadata)");
            }
        }
    }

    private int length(WorkerEvent e) {
        try {
            return json.writeValueAsString(e.ports()).length();
        } catch (JsonProcessingException ex) {
            throw new HttpStatusException(400, "ports: cannot be stored (" + ex.getOriginalMessage() + ")");
        }
    }
}
