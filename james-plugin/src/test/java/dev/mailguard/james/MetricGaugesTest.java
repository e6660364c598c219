package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;

import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.penalty.Penalty;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.penalty.PenaltyStore;
import dev.mailguard.core.penalty.StrikeRule;

/**
 * The values that go down as well as up are gauges, read when a reporter (Prometheus's scrape)
 * asks: sessions open now, clients boxed now, stores not answering.
 */
class MetricGaugesTest {
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final RecordingGauges gauges = new RecordingGauges();

    @Test
    void sessionsOpenNowGoDownWhenSessionsEnd() {
        MetricCounters counters = new MetricCounters(metrics, gauges, MetricCounters.PREFIX);

        counters.sessionStarted();
        counters.sessionStarted();
        counters.sessionEnded();

        assertThat(gauges.read("mailguard.sessions.active")).isEqualTo(1L);
        assertThat(counters.snapshot().get("activeSessions")).isEqualTo(1L);
        assertThat(metrics.countFor("mailguard.sessions")).isEqualTo(2);
    }

    @Test
    void clientsBoxedNowCountsTheStoresBoxedClients() throws Exception {
        PenaltyBoxes boxes = new PenaltyBoxes(metrics, gauges, RedisTarget.NO_JAMES);
        assertThat(gauges.read(PenaltyBoxes.CLIENTS_BOXED)).as("no penalty box").isEqualTo(0L);

        PenaltyBoxSettings oneStrike = new PenaltyBoxSettings(1, Duration.ofMinutes(10), Duration.ofMinutes(30), "memory", 10);
        ListenerPenaltyBox box = boxes.open(oneStrike);
        for (String client : new String[] {"192.0.2.1", "192.0.2.2"}) {
            box.strike(InetAddress.getByName(client), false,
                new Endpoints(new InetSocketAddress(client, 1), new InetSocketAddress("192.0.2.25", 25)), record -> { });
        }
        assertThat(gauges.read(PenaltyBoxes.CLIENTS_BOXED)).isEqualTo(2L);

        boxes.release("192.0.2.1").join();
        assertThat(gauges.read(PenaltyBoxes.CLIENTS_BOXED)).isEqualTo(1L);
        assertThat(gauges.read(PenaltyBoxes.STORES_UNHEALTHY)).isEqualTo(0L);
        boxes.close();
    }

    @Test
    void aStoreThatFailsTheGaugesReadIsLeftOutAndNotMarkedDown() {
        PenaltyBoxSettings settings = new PenaltyBoxSettings(1, Duration.ofMinutes(10), Duration.ofMinutes(30), "memory", 10);
        PenaltyBox box = new PenaltyBox(settings, new ListingFails(), metrics, Clock.systemUTC());

        assertThat(box.boxedNow()).isEmpty();
        assertThat(box.answers()).as("SMTP sessions keep asking the store").isTrue();
        assertThat(metrics.countFor("mailguard.penalty.store.failures")).isZero();
    }

    /** A store whose listing of boxed clients fails; everything else answers "not boxed". */
    private static final class ListingFails implements PenaltyStore {
        @Override
        public CompletableFuture<Boolean> isBoxed(String client) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<Boolean> strike(String client, StrikeRule rule) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<List<Penalty>> boxed() {
            return CompletableFuture.failedFuture(new IllegalStateException("listing timed out"));
        }

        @Override
        public CompletableFuture<Boolean> release(String client) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<Long> count(String client, String counter, Duration window) {
            return CompletableFuture.completedFuture(1L);
        }

        @Override
        public String name() {
            return "listing-fails";
        }

        @Override
        public void close() {
        }
    }

    /** A gauge registry that keeps the gauges for the test to read; a name given twice is an error, as in James's. */
    private static final class RecordingGauges implements GaugeRegistry {
        private final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();

        @Override
        public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
            if (gauges.putIfAbsent(name, gauge) != null) {
                throw new IllegalArgumentException("A metric named " + name + " already exists");
            }
            return this;
        }

        @Override
        public <T> SettableGauge<T> settableGauge(String name) {
            throw new UnsupportedOperationException("MailGuard registers read-on-demand gauges only");
        }

        Object read(String name) {
            Gauge<?> gauge = gauges.get(name);
            assertThat(gauge).as("gauge %s", name).isNotNull();
            return gauge.get();
        }
    }
}
