package io.weir.runtime.connect;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A scripted connector: reachable endpoints connect at once, unreachable ones fail at once, and
 * {@link #hold held} ones wait until the test completes them. Records every dial.
 */
final class FakeConnector implements Connector<FakeConnection> {

    /** One dial: where, which slot, and whether the guard allowed it at that moment. */
    record Dial(Endpoint endpoint, int slot, boolean allowed) {
    }

    final List<Dial> dials = new ArrayList<>();
    final List<FakeConnection> opened = new ArrayList<>();
    final List<Pending> held = new ArrayList<>();
    private final Set<Endpoint> unreachable = new HashSet<>();
    private boolean hold;
    private Predicate<Endpoint> guard = e -> true;

    @Override
    public CompletionStage<FakeConnection> connect(Endpoint endpoint, int slot) {
        dials.add(new Dial(endpoint, slot, guard.test(endpoint)));
        if (unreachable.contains(endpoint)) {
            return CompletableFuture.failedFuture(new ConnectException("refused: " + endpoint));
        }
        FakeConnection c = new FakeConnection(endpoint, slot);
        if (hold) {
            CompletableFuture<FakeConnection> f = new CompletableFuture<>();
            f.thenAccept(opened::add);
            held.add(new Pending(c, f));
            return f;
        }
        opened.add(c);
        return CompletableFuture.completedFuture(c);
    }

    /** An attempt the test completes. */
    record Pending(FakeConnection connection, CompletableFuture<FakeConnection> future) {
        void succeed() {
            future.complete(connection);
        }

        void fail() {
            future.completeExceptionally(new ConnectException("refused: " + connection.endpoint()));
        }
    }

    /** Records, for every later dial, whether {@code guard} allowed it. */
    void guard(Predicate<Endpoint> guard) {
        this.guard = guard;
    }

    void unreachable(Endpoint e) {
        unreachable.add(e);
    }

    void reachable(Endpoint e) {
        unreachable.remove(e);
    }

    /** Later attempts wait in {@link #held} until completed by the test. */
    void hold(boolean hold) {
        this.hold = hold;
    }

    long dialsTo(Endpoint e) {
        return dials.stream().filter(d -> d.endpoint().equals(e)).count();
    }

    List<FakeConnection> openConnections() {
        return opened.stream().filter(FakeConnection::isOpen).toList();
    }
}
