package dev.mailguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The order of arrivals and line hand-overs that tells a pipelining client from a waiting one. */
class InputTrackerTest {
    private final InputTracker tracker = new InputTracker();

    /** One line arrives, is handed over and reaches MailGuard; returns whether it came early. */
    private boolean lockstep(boolean pipeliningAdvertised) {
        tracker.received(1, false);
        tracker.lineHandled();
        return tracker.commandArrived(pipeliningAdvertised);
    }

    @Test
    void clientThatWaitsForEachReplyIsNeverEarly() {
        for (int i = 0; i < 5; i++) {
            assertThat(lockstep(false)).isFalse();
        }
    }

    @Test
    void secondLineInTheSameReadIsEarlyWithoutPipelining() {
        tracker.received(2, false);
        tracker.lineHandled();
        assertThat(tracker.commandArrived(false)).isFalse();
        tracker.lineHandled();
        assertThat(tracker.commandArrived(false)).isTrue();
    }

    @Test
    void partOfTheNextLineAlreadyThereCountsToo() {
        tracker.received(1, true); // "HELO x\r\nMAI"
        tracker.lineHandled();
        assertThat(tracker.commandArrived(false)).isFalse();
        tracker.received(1, false); // "L FROM:<>\r\n"
        tracker.lineHandled();
        assertThat(tracker.commandArrived(false)).isTrue();
    }

    @Test
    void pipeliningAdvertisedAllowsABatch() {
        tracker.received(3, false);
        for (int i = 0; i < 3; i++) {
            tracker.lineHandled();
            assertThat(tracker.commandArrived(true)).isFalse();
        }
    }

    @Test
    void messageLinesBetweenCommandsAreNotCommands() {
        lockstep(false); // DATA
        tracker.dataStarted();
        tracker.received(3, false); // two content lines and the dot
        tracker.lineHandled();
        tracker.lineHandled();
        tracker.lineHandled();
        assertThat(lockstep(false)).as("QUIT after the 250").isFalse();
        assertThat(tracker.inData()).isFalse();
    }

    @Test
    void truncatedCommandOnlyOutsideData() {
        tracker.received(0, true);
        assertThat(tracker.endsWithTruncatedCommand()).isTrue();
        tracker.dataStarted();
        assertThat(tracker.endsWithTruncatedCommand()).as("an aborted message, not a command").isFalse();
    }

    @Test
    void completeLinesLeaveNothingTruncated() {
        tracker.received(2, false);
        assertThat(tracker.endsWithTruncatedCommand()).isFalse();
        assertThat(tracker.hasReceived()).isTrue();
    }

    @Test
    void lostMessageLineIsReportedOnce() {
        tracker.dataStarted();
        tracker.dataLineTooLong();
        assertThat(tracker.takeDataLineTooLong()).isTrue();
        assertThat(tracker.takeDataLineTooLong()).isFalse();
    }
}
