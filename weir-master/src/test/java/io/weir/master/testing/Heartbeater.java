package io.weir.master.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Plays an agent that sends heartbeats every 100 ms for the workers it is told about. */
public final class Heartbeater implements AutoCloseable {

    private final TestHttp http;
    private final String jobId;
    private final Set<Integer> workers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    public Heartbeater(TestHttp http, String jobId) {
        this.http = http;
        this.jobId = jobId;
        timer.scheduleAtFixedRate(this::beat, 0, 100, TimeUnit.MILLISECONDS);
    }

    public void add(int workerNumber) {
        workers.add(workerNumber);
    }

    public void remove(int workerNumber) {
        workers.remove(workerNumber);
    }

    private void beat() {
        if (workers.isEmpty()) {
            return;
        }
        var events = new StringBuilder("{\"events\":[");
        workers.forEach(n -> events.append("{\"jobId\":\"").append(jobId).append("\",\"workerNumber\":").append(n).append("},"));
        events.setLength(events.length() - 1);
        events.append("]}");
        try {
            http.post("/api/v1/workerEvents", events.toString());
        } catch (RuntimeException e) {
            // the master may be restarting; the next beat retries
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
