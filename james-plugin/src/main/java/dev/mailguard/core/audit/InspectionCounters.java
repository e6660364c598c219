package dev.mailguard.core.audit;

import dev.mailguard.core.smtp.RefusalReason;

/**
 * What MailGuard counts (docs/reference.md, "Operations"): sessions, command lines inspected, allowed and refused,
 * refusals by reason and records by id. The James side keeps them in James's metrics; the core only
 * says when to count.
 */
public interface InspectionCounters {
    /** Counts nothing: for code run outside James, such as the unit tests of the rules. */
    InspectionCounters NONE = new InspectionCounters() {
        @Override
        public void sessionStarted() {
        }

        @Override
        public void sessionEnded() {
        }

        @Override
        public void commandInspected(boolean allowed) {
        }

        @Override
        public void refused(RefusalReason reason) {
        }

        @Override
        public void recordWritten(int id) {
        }

        @Override
        public void authFailed() {
        }

        @Override
        public void messageRuleMatched(String rule) {
        }
    };

    /** Counts in {@code first} and in {@code second}: all sessions, and those of one policy. */
    static InspectionCounters both(InspectionCounters first, InspectionCounters second) {
        return new InspectionCounters() {
            @Override
            public void sessionStarted() {
                first.sessionStarted();
                second.sessionStarted();
            }

            @Override
            public void sessionEnded() {
                first.sessionEnded();
                second.sessionEnded();
            }

            @Override
            public void commandInspected(boolean allowed) {
                first.commandInspected(allowed);
                second.commandInspected(allowed);
            }

            @Override
            public void refused(RefusalReason reason) {
                first.refused(reason);
                second.refused(reason);
            }

            @Override
            public void recordWritten(int id) {
                first.recordWritten(id);
                second.recordWritten(id);
            }

            @Override
            public void authFailed() {
                first.authFailed();
                second.authFailed();
            }

            @Override
            public void messageRuleMatched(String rule) {
                first.messageRuleMatched(rule);
                second.messageRuleMatched(rule);
            }
        };
    }

    void sessionStarted();

    void sessionEnded();

    /** A command line was judged; {@code allowed} when James got it (always, in a dry run). */
    void commandInspected(boolean allowed);

    /** MailGuard answered instead of James: a command, a message or a connection. */
    void refused(RefusalReason reason);

    void recordWritten(int id);

    /** An AUTH exchange failed (535, or 501 for a cancelled one). */
    void authFailed();

    /** A message rule matched, whatever its action: {@code rule} is its key, such as {@code body-line-length}. */
    void messageRuleMatched(String rule);
}
