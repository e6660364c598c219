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
    void aReplyReadAfterALaterReleaseEventDoesNotBringTheBoxBack() {
        long sent = boxes.now();
        boxes.event("192.0.2.1", -1, true);
        boxes.boxed("192.0.2.1", LONG_MILLIS, sent);
        assertThat(boxes.isBoxed("192.0.2.1")).isFalse();
    }

    @Test
    void aReleaseReplyReadAfterALaterBoxEventLeavesTheBox() {
        long sent = boxes.now();
        boxes.event("192.0.2.2", LONG_MILLIS, false);
        boxes.released("192.0.2.2", sent);
        assertThat(boxes.isBoxed("192.0.2.2")).isTrue();
    }

    @Test
    void aReplyWithNothingLaterWrites() {
        boxes.event("192.0.2.3", LONG_MILLIS, false);
        boxes.released("192.0.2.3", boxes.now());
        assertThat(boxes.isBoxed("192.0.2.3")).isFalse();
        boxes.boxed("192.0.2.3", LONG_MILLIS, boxes.now());
        assertThat(boxes.isBoxed("192.0.2.3")).isTrue();
    }

    @Test
    void aReloadDropsWhatItDidNotReadAndKeepsWhatWasHeardOfSince() {
        boxes.event("192.0.2.10", LONG_MILLIS, false); // gone from Redis while this node did not listen
        boxes.event("192.0.2.11", LONG_MILLIS, false);
        long reload = boxes.now();
        boxes.event("192.0.2.12", LONG_MILLIS, false); // boxed during the reload, after SCAN passed it
        boxes.event("192.0.2.13", -1, true);
        boxes.boxed("192.0.2.11", LONG_MILLIS, reload);
        boxes.boxed("192.0.2.13", LONG_MILLIS, reload); // read before the release
        boxes.reloaded(reload);

        assertThat(boxes.isBoxed("192.0.2.10")).isFalse();
        assertThat(boxes.isBoxed("192.0.2.11")).isTrue();
        assertThat(boxes.isBoxed("192.0.2.12")).isTrue();
        assertThat(boxes.isBoxed("192.0.2.13")).isFalse();
        assertThat(boxes.size()).as("the tombstone stays until swept").isEqualTo(3);
    }

    @Test
    void aBoxEndsWhenItsTimeIsUpAndTheSweepKeepsTombstonesAReloadNeeds() {
        boxes.event("192.0.2.20", 200, false);
        assertThat(boxes.isBoxed("192.0.2.20")).isTrue();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> !boxes.isBoxed("192.0.2.20"));

        long reload = boxes.now();
        boxes.event("192.0.2.21", -1, true);
        boxes.forgetExpired(reload);
        assertThat(boxes.size()).as("the expired box goes, the newer tombstone stays").isEqualTo(1);
        boxes.forgetExpired(boxes.now());
        assertThat(boxes.size()).isZero();
    }

    @Test
    void aBoxWithoutExpiryStays() {
        boxes.event("2001:db8::/64", -1, false);
        assertThat(boxes.isBoxed("2001:db8::/64")).isTrue();
    }
}
