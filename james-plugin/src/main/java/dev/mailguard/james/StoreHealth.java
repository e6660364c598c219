package dev.mailguard.james;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.metrics.api.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.penalty.PenaltyStore;

/**
 * Whether the penalty box's store answers, from every call made to it: a call waits at most
 * {@value #STORE_WAIT_MILLIS} ms, and none at all while the store is known to be down (fail open).
 * One WARN when it stops answering, one INFO when it answers again; every failure counted.
 */
final class StoreHealth {
    static final long STORE_WAIT_MILLIS = 50;
    /** Under the penalty box's name, where its other messages are. */
    private static final Logger LOGGER = LoggerFactory.getLogger(PenaltyBox.class);

    private final PenaltyStore store;
    private final Metric failures;
    private final AtomicBoolean answers = new AtomicBoolean(true);

    StoreHealth(PenaltyStore store, Metric failures) {
        this.store = store;
        this.failures = failures;
    }

    /** What the store answered in time; empty when it failed or was late, at once while it is known to be down. */
    <T> Optional<T> answered(CompletableFuture<T> call) {
        if (!call.isDone() && !answers.get()) {
            call.whenComplete((result, failure) -> observed(failure)); // to notice the store is back
            return Optional.empty();
        }
        try {
            T result = call.get(STORE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            observed(null);
            return Optional.of(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            observed(e);
            return Optional.empty();
        }
    }

    /** A call ended: with {@code failure} null it was answered. */
    void observed(Throwable failure) {
        if (failure == null) {
            if (answers.compareAndSet(false, true)) {
                LOGGER.info("MailGuard: the penalty box store {} answers again; boxed clients are refused again", store.name());
            }
            return;
        }
        failures.increment();
        store.unanswered();
        if (answers.compareAndSet(true, false)) {
            LOGGER.warn("MailGuard: the penalty box store {} does not answer ({}); letting every client in until it does",
                store.name(), failure.toString());
        }
    }

    boolean answers() {
        return answers.get();
    }

    long failures() {
        return failures.getCount();
    }
}
