package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The memory store: strikes within the window box, boxes expire, and the store never outgrows maxEntries. */
class MemoryPenaltyStoreTest {
    private static final PenaltyBoxSettings RULE = new PenaltyBoxSettings(3, Duration.ofMinutes(10), Duration.ofMinutes(30),
        PenaltyBoxSettings.MEMORY, 100);

    private final MutableClock clock = new MutableClock();
    private final MemoryPenaltyStore store = new MemoryPenaltyStore(100, clock);

    private boolean strike(String client) {
        return store.strike(client, RULE).join();
    }

    @Test
    void theThirdStrikeWithinTheWindowBoxesTheClient() {
        assertThat(strike("192.0.2.1")).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(strike("192.0.2.1")).isFalse();
        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
        clock.advance(Duration.ofMinutes(4));

        assertThat(strike("192.0.2.1")).isTrue();
        assertThat(store.isBoxed("192.0.2.1").join()).isTrue();
        assertThat(store.isBoxed("192.0.2.2").join()).isFalse();
        assertThat(store.boxed().join()).singleElement().satisfies(penalty -> {
            assertThat(penalty.client()).isEqualTo("192.0.2.1");
            assertThat(penalty.strikes()).isEqualTo(3);
            assertThat(penalty.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        });
    }

    @Test
    void aClientThatStrikesTwiceAndThenBehavesIsNeverBoxed() {
        strike("192.0.2.1");
        strike("192.0.2.1");
        for (int hour = 0; hour < 24; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
        }
        assertThat(strike("192.0.2.1")).isFalse(); // the two old strikes are out of the window
        assertThat(store.boxed().join()).isEmpty();
    }

    @Test
    void strikesSpreadWiderThanTheWindowNeverBox() {
        for (int strike = 0; strike < 10; strike++) {
            assertThat(strike("192.0.2.1")).isFalse();
            clock.advance(Duration.ofMinutes(6)); // three strikes span 12 minutes, more than the window
        }
    }

    @Test
    void aBoxExpiresAfterItsDuration() {
        PenaltyBoxSettings shortBox = new PenaltyBoxSettings(1, Duration.ofMinutes(10), Duration.ofMillis(500),
            PenaltyBoxSettings.MEMORY, 100);
        assertThat(store.strike("192.0.2.1", shortBox).join()).isTrue();
        clock.advance(Duration.ofMillis(499));
        assertThat(store.isBoxed("192.0.2.1").join()).isTrue();
        clock.advance(Duration.ofMillis(1));

        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
        assertThat(store.boxed().join()).isEmpty();
    }

    @Test
    void releaseLetsTheClientInAndForgetsItsStrikes() {
        strike("192.0.2.1");
        strike("192.0.2.1");
        strike("192.0.2.1");

        assertThat(store.release("192.0.2.1").join()).isTrue();
        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
        assertThat(strike("192.0.2.1")).isFalse();
        assertThat(store.release("192.0.2.9").join()).isFalse();
    }

    @Test
    void theOldestClientIsEvictedAtMaxEntries() {
        MemoryPenaltyStore small = new MemoryPenaltyStore(3, clock);
        PenaltyBoxSettings oneStrike = new PenaltyBoxSettings(1, Duration.ofMinutes(10), Duration.ofMinutes(30),
            PenaltyBoxSettings.MEMORY, 3);
        for (int client = 1; client <= 4; client++) {
            small.strike("192.0.2." + client, oneStrike).join();
        }

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.isBoxed("192.0.2.1").join()).isFalse();
        assertThat(small.isBoxed("192.0.2.4").join()).isTrue();
    }

    @Test
    void strikesFromMoreAddressesThanMaxEntriesKeepTheStoreAtMaxEntries() {
        MemoryPenaltyStore bounded = new MemoryPenaltyStore(1_000, clock);
        for (int client = 0; client < 200_000; client++) {
            // 127.0.0.0/8 as a hostile client would walk it
            bounded.strike("127." + (client >> 16 & 0xff) + "." + (client >> 8 & 0xff) + "." + (client & 0xff), RULE).join();
            assertThat(bounded.size()).isLessThanOrEqualTo(1_000);
        }
        assertThat(bounded.size()).isEqualTo(1_000);
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
