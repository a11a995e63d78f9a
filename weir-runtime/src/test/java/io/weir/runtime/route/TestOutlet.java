package io.weir.runtime.route;

/** An outlet whose credit and queue the test sets. */
final class TestOutlet implements Outlet {

    final String name;
    private final int workerIndex;
    long credit;
    int queued;

    TestOutlet(String name, int workerIndex, long credit, int queued) {
        this.name = name;
        this.workerIndex = workerIndex;
        this.credit = credit;
        this.queued = queued;
    }

    @Override
    public int workerIndex() {
        return workerIndex;
    }

    @Override
    public long credit() {
        return credit;
    }

    @Override
    public int queued() {
        return queued;
    }

    @Override
    public String toString() {
        return name;
    }
}
