package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@link BoxedClients}: which of two racing writes wins, and expiry. */
class BoxedClientsTest {
    private static final long LONG_MILLIS = Duration.ofMinutes(10).toMillis();
    private final BoxedClients boxes = new BoxedClients();

    @Test
    void aBoxReplyReadAfterALaterReleaseEventDoesNotBringTheBoxBack() {
        boxes.changed("192.0.2.1", -1, true, 2_000);
        boxes.changed("192.0.2.1", LONG_MILLIS, false, 1_000);
        assertThat(boxes.isBoxed("192.0.2.1")).isFalse();
    }

    @Test
    void aBoxEventReadAfterTheReplyToALaterReleaseDoesNotBringTheBoxBack() {
        boxes.changed("192.0.2.2", -1, true, 2_000);
        boxes.changed("192.0.2.2", LONG_MILLIS, false, 1_000);
        assertThat(boxes.isBoxed("192.0.2.2")).isFalse();
        boxes.changed("192.0.2.2", -1, true, 2_000); // the release's own event, after its reply
        assertThat(boxes.isBoxed("192.0.2.2")).isFalse();
    }

    @Test
    void aReleaseReadAfterALaterBoxLeavesTheBox() {
        boxes.changed("192.0.2.3", LONG_MILLIS, false, 2_000);
        boxes.changed("192.0.2.3", -1, true, 1_000);
        assertThat(boxes.isBoxed("192.0.2.3")).isTrue();
    }

    @Test
    void theLaterOfTwoWritesWins() {
        boxes.changed("192.0.2.4", LONG_MILLIS, false, 1_000);
        boxes.changed("192.0.2.4", -1, true, 2_000);
        assertThat(boxes.isBoxed("192.0.2.4")).isFalse();
        boxes.changed("192.0.2.4", LONG_MILLIS, false, 3_000);
        assertThat(boxes.isBoxed("192.0.2.4")).isTrue();
    }

    @Test
    void aReloadDropsWhatItDidNotReadAndKeepsWhatWasHeardOfSince() {
        boxes.changed("192.0.2.10", LONG_MILLIS, false, 1_000); // gone from Redis while this node did not listen
        boxes.changed("192.0.2.11", LONG_MILLIS, false, 1_001);
        long reload = boxes.now();
        boxes.changed("192.0.2.12", LONG_MILLIS, false, 1_002); // boxed during the reload, after SCAN passed it
        boxes.changed("192.0.2.13", -1, true, 1_003);
        boxes.read("192.0.2.11", LONG_MILLIS, reload);
        boxes.read("192.0.2.13", LONG_MILLIS, reload); // read before the release
        boxes.reloaded(reload);

        assertThat(boxes.isBoxed("192.0.2.10")).isFalse();
        assertThat(boxes.isBoxed("192.0.2.11")).isTrue();
        assertThat(boxes.isBoxed("192.0.2.12")).isTrue();
        assertThat(boxes.isBoxed("192.0.2.13")).isFalse();
        assertThat(boxes.size()).as("the tombstone stays until swept").isEqualTo(3);
    }

    @Test
    void aBoxEndsWhenItsTimeIsUpAndTheSweepKeepsTombstonesAReloadNeeds() {
        boxes.changed("192.0.2.20", 200, false, 1_000);
        assertThat(boxes.isBoxed("192.0.2.20")).isTrue();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> !boxes.isBoxed("192.0.2.20"));

        long reload = boxes.now();
        boxes.changed("192.0.2.21", -1, true, 1_001);
        boxes.forgetExpired(reload);
        assertThat(boxes.size()).as("the expired box goes, the newer tombstone stays").isEqualTo(1);
        boxes.forgetExpired(boxes.now());
        assertThat(boxes.size()).isZero();
    }

    @Test
    void aBoxWithoutExpiryStays() {
        boxes.changed("2001:db8::/64", -1, false, 1_000);
        assertThat(boxes.isBoxed("2001:db8::/64")).isTrue();
    }
}
