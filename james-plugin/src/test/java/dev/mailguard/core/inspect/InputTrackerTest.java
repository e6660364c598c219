package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The order of arrivals and line hand-overs that tells a pipelining client from a waiting one. */
class InputTrackerTest {
    private final InputTracker tracker = new InputTracker();

    /** Octets arrive in one read. */
    private void read(String octets) {
        tracker.received(octets.length(), !octets.endsWith("\n"));
    }

    /** The framing layer hands over one command line; returns whether it came early. */
    private boolean command(String line) {
        tracker.lineHandled(line.length());
        boolean early = tracker.commandSentEarly();
        tracker.commandAwaitsReply();
        return early;
    }

    /** One line arrives, is handed over and reaches MailGuard; returns whether it came early. */
    private boolean lockstep(String line) {
        read(line);
        return command(line);
    }

    @Test
    void clientThatWaitsForEachReplyIsNeverEarly() {
        for (String line : new String[] {"HELO x\r\n", "MAIL FROM:<>\r\n", "RCPT TO:<a@b>\r\n", "NOOP\r\n", "QUIT\r\n"}) {
            assertThat(lockstep(line)).isFalse();
            assertThat(tracker.inputWaiting()).isFalse();
        }
    }

    @Test
    void secondLineInTheSameReadIsEarlyWithoutPipelining() {
        read("NOOP\r\nNOOP\r\n");
        assertThat(command("NOOP\r\n")).isFalse();
        assertThat(command("NOOP\r\n")).isTrue();
    }

    @Test
    void partOfTheNextLineAlreadyThereCountsToo() {
        read("HELO x\r\nMAI");
        assertThat(command("HELO x\r\n")).isFalse();
        read("L FROM:<>\r\n");
        assertThat(command("MAIL FROM:<>\r\n")).isTrue();
    }

    @Test
    void pipeliningAdvertisedAllowsABatch() {
        tracker.pipeliningAdvertised(true);
        read("MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
        assertThat(command("MAIL FROM:<>\r\n")).isFalse();
        assertThat(tracker.inputWaiting()).isTrue();
        assertThat(command("RCPT TO:<a@b>\r\n")).isFalse();
        assertThat(command("DATA\r\n")).isFalse();
        assertThat(tracker.inputWaiting()).as("nothing behind the batch's DATA").isFalse();
    }

    @Test
    void contentBehindDataIsSeenWithOrWithoutPipelining() {
        for (boolean pipelining : new boolean[] {false, true}) {
            InputTracker fresh = new InputTracker();
            fresh.pipeliningAdvertised(pipelining);
            fresh.received("DATA\r\nSubject: early\r\n".length(), false);
            fresh.lineHandled("DATA\r\n".length());
            fresh.commandAwaitsReply();

            assertThat(fresh.inputWaiting()).isTrue();
        }
    }

    @Test
    void commandWrittenBehindTheEndOfDataIsEarlyWithoutPipelining() {
        lockstep("DATA\r\n");
        read("last line\r\n.\r\nMAIL FROM:<early@example.test>\r\n");
        tracker.lineHandled("last line\r\n".length());
        tracker.lineHandled(".\r\n".length());
        tracker.messageEnded();

        assertThat(command("MAIL FROM:<early@example.test>\r\n")).isTrue();
    }

    @Test
    void endOfDataSplitBetweenCrAndLfStillSeesTheCommandBehindIt() {
        lockstep("DATA\r\n");
        read("last line\r\n.\r");
        tracker.lineHandled("last line\r\n".length());
        read("\nMAIL FROM:<early@example.test>\r\n");
        tracker.lineHandled(".\r\n".length());
        tracker.messageEnded();

        assertThat(command("MAIL FROM:<early@example.test>\r\n")).isTrue();
    }

    @Test
    void commandBehindTheEndOfDataIsAllowedWithPipelining() {
        tracker.pipeliningAdvertised(true);
        lockstep("DATA\r\n");
        read(".\r\nMAIL FROM:<next@example.test>\r\n");
        tracker.lineHandled(".\r\n".length());
        tracker.messageEnded();

        assertThat(command("MAIL FROM:<next@example.test>\r\n")).isFalse();
    }

    @Test
    void clientThatWaitsAfterTheEndOfDataIsNotEarly() {
        lockstep("DATA\r\n");
        read(".\r\n");
        tracker.lineHandled(".\r\n".length());
        tracker.messageEnded();

        assertThat(lockstep("MAIL FROM:<next@example.test>\r\n")).isFalse();
    }

    @Test
    void pipeliningWithdrawnDoesNotAccuseAWaitingClient() {
        tracker.pipeliningAdvertised(true);
        for (String line : new String[] {"EHLO x\r\n", "MAIL FROM:<>\r\n", "RCPT TO:<a@b>\r\n"}) {
            assertThat(lockstep(line)).isFalse();
        }
        tracker.pipeliningAdvertised(false); // HELO

        for (int i = 0; i < 3; i++) {
            assertThat(lockstep("NOOP\r\n")).as("waits for each reply").isFalse();
        }
        read("NOOP\r\nNOOP\r\n");
        assertThat(command("NOOP\r\n")).isFalse();
        assertThat(command("NOOP\r\n")).as("sent with the one before").isTrue();
    }

    @Test
    void linesTheTrackerDidNotSeeArriveNeverMakeInputWait() {
        // the framing layer had these octets before the tracker was in place
        assertThat(command("EHLO x\r\n")).isFalse();
        assertThat(tracker.inputWaiting()).isFalse();
        assertThat(lockstep("NOOP\r\n")).isFalse();
        assertThat(tracker.inputWaiting()).isFalse();
    }

    @Test
    void aDiscardedLineResynchronisesTheCounts() {
        read("X".repeat(9000) + "\r\nNOOP\r\n");
        tracker.lineDiscarded();
        assertThat(tracker.inputWaiting()).as("not known: taken as none").isFalse();
        assertThat(command("NOOP\r\n")).isFalse();
        assertThat(lockstep("NOOP\r\n")).isFalse();
        assertThat(tracker.inputWaiting()).isFalse();
    }

    @Test
    void lineBegunAndNotEndedIsReportedAtClose() {
        read("NOOP\r\nMAI");
        assertThat(tracker.endsMidLine()).isTrue();
    }

    @Test
    void completeLinesLeaveNothingTruncated() {
        read("NOOP\r\nNOOP\r\n");
        assertThat(tracker.endsMidLine()).isFalse();
    }
}
