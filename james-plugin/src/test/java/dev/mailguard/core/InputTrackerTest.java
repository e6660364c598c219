package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The order of arrivals and line hand-overs that tells a pipelining client from a waiting one. */
class InputTrackerTest {
    private final InputTracker tracker = new InputTracker();

    /** One line arrives, is handed over and reaches MailGuard; returns whether it came early. */
    private boolean lockstep() {
        tracker.received(tracker.countsLineEnds() ? 1 : 0, false);
        tracker.lineHandled();
        return tracker.commandArrived();
    }

    @Test
    void clientThatWaitsForEachReplyIsNeverEarly() {
        for (int i = 0; i < 5; i++) {
            assertThat(lockstep()).isFalse();
        }
    }

    @Test
    void secondLineInTheSameReadIsEarlyWithoutPipelining() {
        tracker.received(2, false);
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).isFalse();
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).isTrue();
    }

    @Test
    void partOfTheNextLineAlreadyThereCountsToo() {
        tracker.received(1, true); // "HELO x\r\nMAI"
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).isFalse();
        tracker.received(1, false); // "L FROM:<>\r\n"
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).isTrue();
    }

    @Test
    void pipeliningAdvertisedAllowsABatchUncounted() {
        tracker.pipeliningAdvertised(true);
        assertThat(tracker.countsLineEnds()).isFalse();
        tracker.received(0, false); // three lines, not scanned
        for (int i = 0; i < 3; i++) {
            tracker.lineHandled();
            assertThat(tracker.commandArrived()).isFalse();
        }
    }

    @Test
    void pipeliningWithdrawnCountsAgainWithoutAccusingAWaitingClient() {
        tracker.pipeliningAdvertised(true);
        for (int i = 0; i < 4; i++) {
            assertThat(lockstep()).isFalse(); // EHLO, MAIL, RCPT, DATA... uncounted
        }
        tracker.pipeliningAdvertised(false); // HELO

        assertThat(tracker.countsLineEnds()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(lockstep()).as("waits for each reply").isFalse();
        }
        tracker.received(2, false);
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).isFalse();
        tracker.lineHandled();
        assertThat(tracker.commandArrived()).as("sent with the one before").isTrue();
    }

    @Test
    void lineBegunAndNotEndedIsReportedAtClose() {
        tracker.received(1, true); // "NOOP\r\nMAI"
        assertThat(tracker.endsMidLine()).isTrue();
    }

    @Test
    void completeLinesLeaveNothingTruncated() {
        tracker.received(2, false);
        assertThat(tracker.endsMidLine()).isFalse();
    }
}
