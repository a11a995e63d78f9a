package io.weir.runtime.connect;

import java.util.PriorityQueue;

/** A {@link TaskScheduler} on virtual time: tasks run only inside {@link #runPending()} and {@link #advance}. */
final class ManualScheduler implements TaskScheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now = 1_000;
    private long seq;

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Runs every task due now, including those they submit. */
    void runPending() {
        advance(0);
    }

    /** Moves time forward by {@code millis}, running tasks in time order as their moment comes. */
    void advance(long millis) {
        long until = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Task t = queue.poll();
            now = Math.max(now, t.at);
            if (!t.cancelled) {
                t.task.run();
            }
        }
        now = until;
    }

    /** Tasks not cancelled and still waiting. */
    long scheduledCount() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }
}
