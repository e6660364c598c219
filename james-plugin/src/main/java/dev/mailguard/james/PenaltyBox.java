package dev.mailguard.james;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.Decision;
import dev.mailguard.core.Endpoints;
import dev.mailguard.core.Penalty;
import dev.mailguard.core.PenaltyBoxSettings;
import dev.mailguard.core.PenaltyKey;
import dev.mailguard.core.PenaltyStore;
import dev.mailguard.core.SmtpReply;
import dev.mailguard.core.StrikeRule;

/**
 * The penalty box (ASA threat detection's {@code shun}): strikes against clients go to the store,
 * and a boxed client is refused at connect. The store may be another server (Redis): MailGuard then
 * fails open, never waiting more than {@value #STORE_WAIT_MILLIS} ms for it at connect and not at all
 * while it is known to be down, with one WARN per outage. One per store; shared by the listeners
 * whose {@code <penaltyBox>} names it.
 */
final class PenaltyBox {
    private static final Logger LOGGER = LoggerFactory.getLogger(PenaltyBox.class);
    static final long STORE_WAIT_MILLIS = 50;
    /** ASA's shun message is rate-limited too: one 401004 per client per minute, every refusal counted. */
    private static final long REFUSAL_RECORD_INTERVAL_MILLIS = 60_000;
    private static final Decision REFUSED = Decision.refuseAndClose(SmtpReply.TOO_MANY_VIOLATIONS, AuditRecord::shunnedConnection);
    private static final Decision REFUSED_UNRECORDED = Decision.refuseAndClose(SmtpReply.TOO_MANY_VIOLATIONS, null);

    private final PenaltyBoxSettings settings;
    private final PenaltyStore store;
    private final Clock clock;
    private final Metric strikes;
    private final Metric boxed;
    private final Metric refusedAtConnect;
    private final Metric storeFailures;
    private final Map<String, Long> lastRefusalRecord;
    private final AtomicBoolean storeAnswers = new AtomicBoolean(true);

    PenaltyBox(PenaltyBoxSettings settings, PenaltyStore store, MetricFactory metrics, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.strikes = metrics.generate("mailguard.penalty.strikes");
        this.boxed = metrics.generate("mailguard.penalty.boxed");
        this.refusedAtConnect = metrics.generate("mailguard.penalty.refused");
        this.storeFailures = metrics.generate("mailguard.penalty.store.failures");
        int remembered = settings.maxEntries();
        this.lastRefusalRecord = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > remembered;
            }
        };
    }

    PenaltyBoxSettings settings() {
        return settings;
    }

    PenaltyStore store() {
        return store;
    }

    /**
     * The refusal for a connection from {@code client} when it is boxed: 421 and close, recorded
     * (401004) at most once a minute per client. Empty when it is not boxed or the store does not
     * answer in time.
     */
    Optional<Decision> atConnect(InetAddress client) {
        String key = PenaltyKey.of(client);
        CompletableFuture<Boolean> lookup = store.isBoxed(key);
        if (!lookup.isDone() && !storeAnswers.get()) {
            lookup.whenComplete((result, failure) -> observed(failure)); // to notice the store is back
            return Optional.empty();
        }
        boolean isBoxed;
        try {
            isBoxed = lookup.get(STORE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            observed(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            observed(e);
            return Optional.empty();
        }
        if (!isBoxed) {
            return Optional.empty();
        }
        return Optional.of(firstRefusalThisMinute(key) ? REFUSED : REFUSED_UNRECORDED);
    }

    /** A boxed client's connection was refused (not in a dry run). */
    void refused() {
        refusedAtConnect.increment();
    }

    private boolean firstRefusalThisMinute(String key) {
        long now = clock.millis();
        synchronized (lastRefusalRecord) {
            Long last = lastRefusalRecord.get(key);
            if (last != null && now - last < REFUSAL_RECORD_INTERVAL_MILLIS) {
                return false;
            }
            lastRefusalRecord.put(key, now);
            return true;
        }
    }

    /** A violation by {@code client}; when it boxes the client, {@code record} gets the 733102 record. */
    void strike(InetAddress client, Endpoints endpoints, Consumer<AuditRecord> record) {
        String key = PenaltyKey.of(client);
        strikes.increment();
        StrikeRule rule = new StrikeRule(StrikeRule.VIOLATIONS, settings.threshold(), settings.window(), settings.duration());
        store.strike(key, rule).whenComplete((boxes, failure) -> {
            observed(failure);
            if (Boolean.TRUE.equals(boxes)) {
                boxed.increment();
                record.accept(AuditRecord.shunAdded(endpoints, key));
            }
        });
    }

    CompletableFuture<List<Penalty>> boxed() {
        return store.boxed().whenComplete((penalties, failure) -> observed(failure));
    }

    CompletableFuture<Boolean> release(String key) {
        synchronized (lastRefusalRecord) {
            lastRefusalRecord.remove(key);
        }
        return store.release(key).whenComplete((released, failure) -> observed(failure));
    }

    /** One WARN when the store stops answering, one INFO when it answers again; every failure counted. */
    private void observed(Throwable failure) {
        if (failure == null) {
            if (storeAnswers.compareAndSet(false, true)) {
                LOGGER.info("MailGuard: the penalty box store {} answers again; boxed clients are refused again", store.name());
            }
            return;
        }
        storeFailures.increment();
        if (storeAnswers.compareAndSet(true, false)) {
            LOGGER.warn("MailGuard: the penalty box store {} does not answer ({}); letting every client in until it does",
                store.name(), failure.toString());
        }
    }

    /** For the status route: the store, whether it answers, and the counters. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("store", store.name());
        status.put("healthy", storeAnswers.get());
        status.put("threshold", settings.threshold());
        status.put("window", settings.window().toString());
        status.put("duration", settings.duration().toString());
        status.put("maxEntries", settings.maxEntries());
        store.entries().ifPresent(entries -> status.put("entries", entries));
        status.put("strikes", strikes.getCount());
        status.put("boxed", boxed.getCount());
        status.put("refusedAtConnect", refusedAtConnect.getCount());
        status.put("storeFailures", storeFailures.getCount());
        return status;
    }
}
