package dev.mailguard.james;

import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

import java.util.Optional;

import dev.mailguard.core.Endpoints;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.InputTracker;
import dev.mailguard.core.SessionCounts;
import dev.mailguard.core.SessionFacts;

/** The session facts the policy needs, kept in James's session attachments. */
final class JamesSessionFacts implements SessionFacts {
    /** Wraps the keyword set: attachment keys want a concrete class. */
    static final class Advertised {
        final Set<String> keywords;

        Advertised(Set<String> keywords) {
            this.keywords = Set.copyOf(keywords);
        }
    }

    private static final AttachmentKey<Advertised> ADVERTISED = AttachmentKey.of("mailguard.advertised", Advertised.class);
    private static final AttachmentKey<Long> DECLARED_SIZE = AttachmentKey.of("mailguard.declaredSize", Long.class);
    private static final AttachmentKey<Integer> UNRECOGNIZED = AttachmentKey.of("mailguard.unrecognized", Integer.class);
    private static final AttachmentKey<InputTracker> INPUT = AttachmentKey.of("mailguard.input", InputTracker.class);
    private static final AttachmentKey<SessionCounts> COUNTS = AttachmentKey.of("mailguard.counts", SessionCounts.class);

    private final SMTPSession session;
    private final boolean sentBeforePreviousReply;

    JamesSessionFacts(SMTPSession session, boolean sentBeforePreviousReply) {
        this.session = session;
        this.sentBeforePreviousReply = sentBeforePreviousReply;
    }

    @Override
    public Set<String> advertisedKeywords() {
        return advertised(session);
    }

    @Override
    public int recipientCount() {
        return session.getRcptCount();
    }

    @Override
    public int unrecognizedCommands() {
        return unrecognized(session);
    }

    @Override
    public boolean sentBeforePreviousReply() {
        return sentBeforePreviousReply;
    }

    static Set<String> advertised(SMTPSession session) {
        return session.getAttachment(ADVERTISED, State.Connection).map(advertised -> advertised.keywords).orElse(Set.of());
    }

    private static int unrecognized(SMTPSession session) {
        return session.getAttachment(UNRECOGNIZED, State.Connection).orElse(0);
    }

    static void countUnrecognized(SMTPSession session) {
        session.setAttachment(UNRECOGNIZED, unrecognized(session) + 1, State.Connection);
    }

    static void rememberInput(SMTPSession session, InputTracker tracker) {
        session.setAttachment(INPUT, tracker, State.Connection);
    }

    static void rememberCounts(SMTPSession session, SessionCounts counts) {
        session.setAttachment(COUNTS, counts, State.Connection);
    }

    /** The session's counts for the audit trail; absent when the Netty channel could not be reached. */
    static Optional<SessionCounts> counts(SMTPSession session) {
        return session.getAttachment(COUNTS, State.Connection);
    }

    /** A command line was judged: counted for the session's audit trail and in MailGuard's counters. */
    static void countCommand(SMTPSession session, Enforcer enforcer, boolean allowed) {
        counts(session).ifPresent(counts -> counts.command(allowed));
        enforcer.counters().commandInspected(allowed);
    }

    /** The connection's input tracker; absent when the Netty channel could not be reached. */
    static Optional<InputTracker> input(SMTPSession session) {
        return session.getAttachment(INPUT, State.Connection);
    }

    static void rememberAdvertised(SMTPSession session, Set<String> keywords) {
        session.setAttachment(ADVERTISED, new Advertised(keywords), State.Connection);
    }

    static void forgetAdvertised(SMTPSession session) {
        session.removeAttachment(ADVERTISED, State.Connection);
    }

    /** Kept for the transaction, for the 108006 record of an oversized message. */
    static void rememberDeclaredSize(SMTPSession session, long declaredSize) {
        if (declaredSize >= 0) {
            session.setAttachment(DECLARED_SIZE, declaredSize, State.Transaction);
        }
    }

    static long declaredSize(SMTPSession session) {
        return session.getAttachment(DECLARED_SIZE, State.Transaction).orElse(0L);
    }

    static Endpoints endpoints(SMTPSession session) {
        return new Endpoints(session.getRemoteAddress(), session.getLocalAddress(), session.getSessionID(),
            session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null));
    }
}
