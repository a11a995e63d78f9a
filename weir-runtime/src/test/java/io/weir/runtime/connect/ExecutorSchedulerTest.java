package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The set and reconciliator on a real single-threaded executor, with connections completing on other threads. */
class ExecutorSchedulerTest {

    private final ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService network = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() {
        owner.shutdownNow();
        network.shutdownNow();
    }

    @Test
    void callbacksFromOtherThreadsRunOnTheOwnerAndConnectionsHeal() throws Exception {
        AtomicReference<Thread> ownerThread = new AtomicReference<>();
        owner.submit(() -> ownerThread.set(Thread.currentThread())).get();
        Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();
        Set<FakeConnection> open = ConcurrentHashMap.newKeySet();
        Connector<FakeConnection> connector = (e, slot) -> {
            callbackThreads.add(Thread.currentThread());
            return CompletableFuture.supplyAsync(() -> new FakeConnection(e, slot), network);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TaskScheduler scheduler = TaskScheduler.of(owner);
        DynamicConnectionSet<FakeConnection> set = new DynamicConnectionSet<>("real", connector, 2, scheduler, registry);
        set.addListener(new ConnectionListener<>() {
            @Override
            public void onConnected(FakeConnection c) {
                callbackThreads.add(Thread.currentThread());
                open.add(c);
            }

            @Override
            public void onDisconnected(FakeConnection c, Throwable cause) {
                callbackThreads.add(Thread.currentThread());
                open.remove(c);
            }
        });
        Reconciliator<FakeConnection> reconciliator =
                new Reconciliator<>(set, ReconcileSettings.defaults(), scheduler, new SplittableRandom(1));
        reconciliator.start();
        List<Endpoint> endpoints = IntStream.range(0, 20).mapToObj(i -> new Endpoint(i, i, "h", 7000 + i)).toList();
        reconciliator.expect(endpoints);
        await().until(() -> open.size() == 40);

        open.stream().limit(10).toList().forEach(c -> network.execute(() -> c.lose(new IOException("reset"))));
        await().until(() -> registry.get("weir.stage.reconnects").tag("name", "real").counter().count() == 10
                && open.size() == 40);
        reconciliator.expect(endpoints.subList(0, 5));
        await().until(() -> open.size() == 10);

        reconciliator.close();
        await().until(open::isEmpty);
        assertThat(callbackThreads).containsExactly(ownerThread.get());
    }
}
