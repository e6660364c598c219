package dev.mailguard.james;

import java.util.Set;

import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.SessionFacts;
import dev.mailguard.core.SessionState;

/** What the command policy needs to know, read from MailGuard's session state and James's session. */
final class JamesSessionFacts implements SessionFacts {
    private final SessionState state;
    private final SMTPSession session;
    private final boolean sentBeforePreviousReply;
    private final boolean inputBehindCommand;

    JamesSessionFacts(SessionState state, SMTPSession session, boolean sentBeforePreviousReply, boolean inputBehindCommand) {
        this.state = state;
        this.session = session;
        this.sentBeforePreviousReply = sentBeforePreviousReply;
        this.inputBehindCommand = inputBehindCommand;
    }

    @Override
    public Set<String> advertisedKeywords() {
        return state.advertisedKeywords();
    }

    @Override
    public int recipientCount() {
        return session.getRcptCount();
    }

    @Override
    public int unrecognizedCommands() {
        return state.unrecognizedCommands();
    }

    @Override
    public boolean sentBeforePreviousReply() {
        return sentBeforePreviousReply;
    }

    @Override
    public boolean inputBehindCommand() {
        return inputBehindCommand;
    }

    @Override
    public boolean tlsStarted() {
        return session.isTLSStarted();
    }
}
