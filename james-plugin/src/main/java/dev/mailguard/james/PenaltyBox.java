package dev.mailguard.james;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.PenaltyKey;
import dev.mailguard.core.penalty.PenaltyStore;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * The penalty box (ASA threat detection's {@code shun}): strikes against clients go to the store,
 * and a boxed client is refused at connect. The store may be another server (Redis): MailGuard then
 * fails open, never waiting more than {@value StoreHealth#STORE_WAIT_MILLIS} ms for it at connect and not at all
 * while it is known to be down, with one WARN per outage. One per store; shared by the listeners
 * whose {@code <penaltyBox>} names it.
 */
final class PenaltyBox {
    /** ASA rate-limits its shun and rate messages too: one 401004, and one 733100 per rate, per client per minute. */
    private static final long RECORD_INTERVAL_MILLIS = 60_000;
    /** A scrape waits longer than an SMTP session would: Prometheus gives it 10 seconds by default. */
    static final long GAUGE_WAIT_MILLIS = 1_000;
    private static final Decision REFUSED = Decision.refuseAndClose(SmtpReply.TOO_MANY_VIOLATIONS, AuditRecord::shunnedConnection);
    private static final Decision REFUSED_UNRECORDED = Decision.refuseAndClose(SmtpReply.TOO_MANY_VIOLATIONS, null);

    private final PenaltyBoxSettings settings;
    private final PenaltyStore store;
    private final Clock clock;
    private final Metric strikes;
    private final Metric boxed;
    private final Metric refusedAtConnect;
    private final StoreHealth health;
    private final Metric authStrikes;
    private final Metric sessionsClosed;
    private final Map<RateLimit, Metric> ratesExceeded = new EnumMap<>(RateLimit.class);
    private final Map<String, Long> lastRefusalRecord;
    private final Map<String, Long> lastRateRecord;
    /**
     * Clients this node boxed, with when (System.nanoTime()): their sessions that were open then are
     * closed at their next command. Sessions opened later were let in by the store, which knows of a
     * release through any node. Empty but for the box's duration, so a session's check costs one
     * look at an empty map.
     */
    private final Map<String, Long> boxedHere = new ConcurrentHashMap<>();

    PenaltyBox(PenaltyBoxSettings settings, PenaltyStore store, MetricFactory metrics, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.strikes = metrics.generate("mailguard.penalty.strikes");
        this.boxed = metrics.generate("mailguard.penalty.boxed");
        this.refusedAtConnect = metrics.generate("mailguard.penalty.refused");
        this.health = new StoreHealth(store, metrics.generate("mailguard.penalty.store.failures"));
        this.authStrikes = metrics.generate("mailguard.penalty.auth.strikes");
        this.sessionsClosed = metrics.generate("mailguard.penalty.sessions.closed");
        for (RateLimit rate : RateLimit.values()) {
            ratesExceeded.put(rate, metrics.generate("mailguard.rate." + rate.counter() + ".exceeded"));
        }
        this.lastRefusalRecord = recentlyRecorded(settings.maxEntries());
        this.lastRateRecord = recentlyRecorded(settings.maxEntries());
    }

    /** When each client was last recorded, for at most {@code remembered} clients (the oldest forgotten). */
    private static Map<String, Long> recentlyRecorded(int remembered) {
        return new LinkedHashMap<>(16, 0.75f, true) {
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
        if (!health.answered(store.isBoxed(key)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(firstRecordThisMinute(lastRefusalRecord, key) ? REFUSED : REFUSED_UNRECORDED);
    }

    /**
     * One more event of {@code rate} by {@code client}; the refusal when that makes more than
     * {@code max} within the rate window, recorded (733100) at most once a minute per client and
     * rate. Empty when under the limit or when the store does not answer in time (fail open).
     */
    Optional<Decision> rate(RateLimit rate, InetAddress client, int max, Duration window) {
        String key = PenaltyKey.of(client);
        Optional<Long> count = health.answered(store.count(key, rate.counter(), window));
        if (count.isEmpty() || count.get() <= max) {
            return Optional.empty();
        }
        ratesExceeded.get(rate).increment();
        return Optional.of(rate.exceeded(count.get(), max, window,
            firstRecordThisMinute(lastRateRecord, rate.counter() + " " + key)));
    }

    /**
     * The refusal for the next command of a session that was open ({@code startedNanos}) when this
     * node boxed its client: 421 and close, recorded (401004) as the refusals at connect are. Empty
     * for other clients and for sessions opened since.
     */
    Optional<Decision> inOpenSession(Supplier<InetSocketAddress> client, long startedNanos) {
        if (boxedHere.isEmpty()) {
            return Optional.empty();
        }
        String key = PenaltyKey.of(client.get().getAddress());
        Long boxedAt = boxedHere.get(key);
        if (boxedAt == null || startedNanos - boxedAt > 0) {
            return Optional.empty();
        }
        return Optional.of(firstRecordThisMinute(lastRefusalRecord, key) ? REFUSED : REFUSED_UNRECORDED);
    }

    /** An open session of a boxed client was closed (not in a dry run). */
    void sessionClosed() {
        sessionsClosed.increment();
    }

    /** A boxed client's connection was refused (not in a dry run). */
    void refused() {
        refusedAtConnect.increment();
    }

    private boolean firstRecordThisMinute(Map<String, Long> lastRecord, String key) {
        long now = clock.millis();
        synchronized (lastRecord) {
            Long last = lastRecord.get(key);
            if (last != null && now - last < RECORD_INTERVAL_MILLIS) {
                return false;
            }
            lastRecord.put(key, now);
            return true;
        }
    }

    /**
     * A strike by {@code client} under {@code rule}: a protocol violation or a failed AUTH exchange,
     * as the listener it happened on counts them; when it boxes the client, {@code record} gets the
     * 733102 record.
     */
    void strike(InetAddress client, StrikeRule rule, Endpoints endpoints, Consumer<AuditRecord> record) {
        String key = PenaltyKey.of(client);
        (rule.kind().equals(StrikeRule.AUTH_FAILURES) ? authStrikes : strikes).increment();
        store.strike(key, rule).whenComplete((boxes, failure) -> {
            health.observed(failure);
            if (Boolean.TRUE.equals(boxes)) {
                forgetOldBoxes(rule.duration());
                boxedHere.put(key, System.nanoTime());
                boxed.increment();
                record.accept(AuditRecord.shunAdded(endpoints, key));
            }
        });
    }

    /** Boxes older than {@code duration}: every session open then has had its chance to be closed or has ended. */
    private void forgetOldBoxes(Duration duration) {
        long oldest = System.nanoTime() - duration.toNanos();
        boxedHere.values().removeIf(boxedAt -> boxedAt - oldest < 0);
    }

    /**
     * Clients the store holds boxed now, for the gauge; empty while the store is down or slower than {@value #GAUGE_WAIT_MILLIS} ms.
     * A scrape leaves the store's health alone: a slow listing of a large box must not make sessions skip the store.
     */
    Optional<Integer> boxedNow() {
        if (!health.answers()) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.boxed().get(GAUGE_WAIT_MILLIS, TimeUnit.MILLISECONDS).size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    boolean answers() {
        return health.answers();
    }

    CompletableFuture<List<Penalty>> boxed() {
        return store.boxed().whenComplete((penalties, failure) -> health.observed(failure));
    }

    CompletableFuture<Boolean> release(String key) {
        synchronized (lastRefusalRecord) {
            lastRefusalRecord.remove(key);
        }
        boxedHere.remove(key);
        return store.release(key).whenComplete((released, failure) -> health.observed(failure));
    }

    /** For the status route: the store, whether it answers, and the counters. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("store", store.name());
        status.put("healthy", health.answers());
        // the settings in document order; the store keeps its place at the top, as the store names itself
        settings.settings().forEach(status::putIfAbsent);
        store.entries().ifPresent(entries -> status.put("entries", entries));
        status.put("strikes", strikes.getCount());
        status.put("authStrikes", authStrikes.getCount());
        status.put("boxed", boxed.getCount());
        status.put("refusedAtConnect", refusedAtConnect.getCount());
        status.put("sessionsClosed", sessionsClosed.getCount());
        Map<String, Long> exceeded = new LinkedHashMap<>();
        ratesExceeded.forEach((rate, metric) -> exceeded.put(rate.counter(), metric.getCount()));
        status.put("ratesExceeded", exceeded);
        status.put("storeFailures", health.failures());
        return status;
    }
}
