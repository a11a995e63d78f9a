package io.weir.runtime.worker;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * Times a worker's processing of a record: how long handing it to the stage logic takes, which for synchronous
 * logic (map, filter, flatMapIterable, keyed groups) covers the logic and the routing of its output. Every
 * {@link #SAMPLE}th record is timed, so the cost stays a few nanoseconds per record.
 */
final class ProcessingTimer {

    static final int SAMPLE = 16;

    private ProcessingTimer() {
    }

    static <T> Flux<T> timed(Flux<T> input, Timer timer) {
        return input.transform(Operators.<T, T>lift((scannable, actual) -> new Timed<>(actual, timer)));
    }

    private static final class Timed<T> implements CoreSubscriber<T>, Subscription {

        private final CoreSubscriber<? super T> actual;
        private final Timer timer;
        private Subscription upstream;
        private int count;

        Timed(CoreSubscriber<? super T> actual, Timer timer) {
            this.actual = actual;
            this.timer = timer;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T t) {
            if (++count % SAMPLE != 0) {
                actual.onNext(t);
                return;
            }
            long start = System.nanoTime();
            actual.onNext(t);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onError(Throwable t) {
            actual.onError(t);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }

        @Override
        public reactor.util.context.Context currentContext() {
            return actual.currentContext();
        }
    }
}
