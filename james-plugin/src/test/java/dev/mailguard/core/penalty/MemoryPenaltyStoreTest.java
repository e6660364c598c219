package dev.mailguard.core.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * The memory store: strikes of each kind within their window box, boxes expire, rate counters slide
 * and expire, and the store never outgrows maxEntries.
 */
class MemoryPenaltyStoreTest {
    private static final StrikeRule RULE = violations(3, Duration.ofMinutes(30));
    private static final StrikeRule AUTH = new StrikeRule(StrikeRule.AUTH_FAILURES, 5, Duration.ofMinutes(10),
        Duration.ofMinutes(30));
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock();
    private final MemoryPenaltyStore store = new MemoryPenaltyStore(100, clock);

    private static StrikeRule violations(int threshold, Duration duration) {
        return new StrikeRule(StrikeRule.VIOLATIONS, threshold, Duration.ofMinutes(10), duration);
    }

    private boolean strike(String client) {
        return store.strike(client, RULE).join();
    }

    private boolean authFailure(String client) {
        return store.strike(client, AUTH).join();
    }

    private long count(String client, String counter) {
        return store.count(client, counter, MINUTE).join();
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
        StrikeRule shortBox = violations(1, Duration.ofMillis(500));
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
        StrikeRule oneStrike = violations(1, Duration.ofMinutes(30));
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

    @Test
    void authFailuresBoxAtTheirOwnThresholdWhileViolationsBelowTheirsDoNot() {
        assertThat(strike("192.0.2.1")).isFalse();
        assertThat(strike("192.0.2.1")).isFalse();
        for (int failure = 1; failure < AUTH.threshold(); failure++) {
            assertThat(authFailure("192.0.2.1")).as("auth failure %d", failure).isFalse();
        }
        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();

        assertThat(authFailure("192.0.2.1")).isTrue();
        assertThat(store.isBoxed("192.0.2.1").join()).isTrue();
        assertThat(store.boxed().join()).singleElement().extracting(Penalty::strikes).isEqualTo(AUTH.threshold());
    }

    @Test
    void strikesOfTwoKindsNeverAddUp() {
        StrikeRule auth = new StrikeRule(StrikeRule.AUTH_FAILURES, 3, Duration.ofMinutes(10), Duration.ofMinutes(30));
        for (int round = 0; round < 2; round++) {
            assertThat(strike("192.0.2.1")).isFalse();
            assertThat(store.strike("192.0.2.1", auth).join()).isFalse();
        }
        assertThat(store.isBoxed("192.0.2.1").join()).as("four strikes, two of each kind").isFalse();

        assertThat(strike("192.0.2.1")).as("the third violation").isTrue();
        assertThat(store.boxed().join()).singleElement().extracting(Penalty::strikes).isEqualTo(RULE.threshold());
    }

    @Test
    void whileBoxedStrikesOfNeitherKindCount() {
        StrikeRule shortBox = new StrikeRule(StrikeRule.AUTH_FAILURES, 1, Duration.ofMinutes(10), Duration.ofMillis(500));
        assertThat(store.strike("192.0.2.1", shortBox).join()).isTrue();
        for (int strike = 0; strike < 3; strike++) {
            assertThat(strike("192.0.2.1")).isFalse();
            assertThat(authFailure("192.0.2.1")).isFalse();
        }
        clock.advance(Duration.ofMillis(500));

        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
        assertThat(strike("192.0.2.1")).as("the violations while boxed were not counted").isFalse();
        assertThat(store.strike("192.0.2.1", shortBox).join()).as("one auth failure boxes again").isTrue();
    }

    @Test
    void releaseForgetsTheStrikesOfBothKinds() {
        strike("192.0.2.1");
        strike("192.0.2.1");
        for (int failure = 1; failure < AUTH.threshold(); failure++) {
            authFailure("192.0.2.1");
        }

        assertThat(store.release("192.0.2.1").join()).as("struck, not boxed").isFalse();
        assertThat(strike("192.0.2.1")).isFalse();
        assertThat(authFailure("192.0.2.1")).isFalse();
        assertThat(store.isBoxed("192.0.2.1").join()).isFalse();
    }

    @Test
    void countAddsEachEventWithinABucket() {
        assertThat(count("192.0.2.1", "connection")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(count("192.0.2.1", "connection")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(39));
        assertThat(count("192.0.2.1", "connection")).isEqualTo(3);
    }

    @Test
    void theEstimateFallsAsTheClockMovesThroughTheNextBucket() {
        // the clock starts on a whole minute: a bucket boundary
        for (int event = 1; event <= 10; event++) {
            assertThat(count("192.0.2.1", "message")).isEqualTo(event);
        }
        clock.advance(MINUTE);
        assertThat(count("192.0.2.1", "message")).as("at the boundary the previous bucket counts in full").isEqualTo(10 + 1);
        clock.advance(Duration.ofSeconds(15));
        assertThat(count("192.0.2.1", "message")).as("10 * 45/60 = 7.5").isEqualTo(7 + 2);
        clock.advance(Duration.ofSeconds(15));
        assertThat(count("192.0.2.1", "message")).as("10 * 30/60").isEqualTo(5 + 3);
        clock.advance(Duration.ofMillis(29_999));
        assertThat(count("192.0.2.1", "message")).as("10 * 1ms/60s").isEqualTo(0 + 4);
        clock.advance(Duration.ofMillis(1));
        assertThat(count("192.0.2.1", "message")).as("the next boundary: the 4 of the last bucket in full").isEqualTo(4 + 1);
    }

    @Test
    void bucketsAreAlignedOnMultiplesOfTheWindowSinceTheEpoch() {
        Duration window = Duration.ofSeconds(7); // 10:00:00 is no multiple of it
        long boundary = (Math.floorDiv(clock.millis(), window.toMillis()) + 1) * window.toMillis();
        clock.advance(Duration.ofMillis(boundary - clock.millis() - 1));
        for (int event = 1; event <= 3; event++) {
            assertThat(store.count("192.0.2.1", "recipient", window).join()).isEqualTo(event);
        }
        clock.advance(Duration.ofMillis(1 + 3_500));

        assertThat(store.count("192.0.2.1", "recipient", window).join()).as("3 * 3.5/7 = 1.5, plus this one").isEqualTo(2);
    }

    @Test
    void aCounterExpiresTwoWindowsAfterItsLastEvent() {
        count("192.0.2.1", "connection");
        count("192.0.2.1", "connection");
        count("192.0.2.1", "connection");
        clock.advance(MINUTE.plusSeconds(30));
        count("192.0.2.2", "connection");
        assertThat(store.countedClients()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));

        count("192.0.2.2", "connection");
        assertThat(store.countedClients()).as("192.0.2.1 dropped two windows after its last event").isEqualTo(1);
        assertThat(count("192.0.2.1", "connection")).isEqualTo(1);
    }

    @Test
    void clientsAndCountersCountApart() {
        count("192.0.2.1", "connection");
        count("192.0.2.1", "connection");
        count("192.0.2.1", "message");

        assertThat(count("192.0.2.1", "connection")).isEqualTo(3);
        assertThat(count("192.0.2.1", "message")).isEqualTo(2);
        assertThat(count("192.0.2.1", "recipient")).isEqualTo(1);
        assertThat(count("192.0.2.2", "connection")).isEqualTo(1);
        assertThat(count("2001:db8:0:1::/64", "connection")).isEqualTo(1);
    }

    @Test
    void countingMoreAddressesThanMaxEntriesKeepsTheCountersAtMaxEntriesAndTheBoxes() {
        MemoryPenaltyStore bounded = new MemoryPenaltyStore(1_000, clock);
        bounded.strike("192.0.2.1", violations(1, Duration.ofMinutes(30))).join();
        for (int client = 0; client < 200_000; client++) {
            bounded.count("127." + (client >> 16 & 0xff) + "." + (client >> 8 & 0xff) + "." + (client & 0xff), "connection",
                MINUTE).join();
            assertThat(bounded.countedClients()).isLessThanOrEqualTo(1_000);
        }

        assertThat(bounded.countedClients()).isEqualTo(1_000);
        assertThat(bounded.isBoxed("192.0.2.1").join()).as("counters never evict a box").isTrue();
        assertThat(bounded.count("127.3.13.63", "connection", MINUTE).join()).as("the newest client is kept").isEqualTo(2);
    }

    @Test
    void aWindowUnderOneMillisecondIsRefused() {
        assertThatThrownBy(() -> store.count("192.0.2.1", "connection", Duration.ofNanos(999_999)))
            .isInstanceOf(IllegalArgumentException.class);
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
