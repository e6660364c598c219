package dev.mailguard.james;

import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

import java.util.Optional;

import dev.mailguard.core.Endpoints;
import dev.mailguard.core.Enforcer;
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
    private static final AttachmentKey<ConnectionWatch> WATCH = AttachmentKey.of("mailguard.watch", ConnectionWatch.class);

    private static final String PIPELINING = "PIPELINING";

    private final SMTPSession session;
    private final boolean sentBeforePreviousReply;
    private final boolean inputBehindCommand;

    JamesSessionFacts(SMTPSession session, boolean sentBeforePreviousReply, boolean inputBehindCommand) {
        this.session = session;
        this.sentBeforePreviousReply = sentBeforePreviousReply;
        this.inputBehindCommand = inputBehindCommand;
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

    @Override
    public boolean inputBehindCommand() {
        return inputBehindCommand;
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

    static void rememberWatch(SMTPSession session, ConnectionWatch watch) {
        session.setAttachment(WATCH, watch, State.Connection);
    }

    /** What the connection's watchers keep; absent when the Netty channel could not be reached. */
    static Optional<ConnectionWatch> watch(SMTPSession session) {
        return session.getAttachment(WATCH, State.Connection);
    }

    /**
     * A command line was judged: counted for the session's audit trail ({@code watch} is null when
     * the Netty channel could not be reached) and in MailGuard's counters.
     */
    static void countCommand(ConnectionWatch watch, Enforcer enforcer, boolean allowed) {
        if (watch != null) {
            watch.counts.command(allowed);
        }
        enforcer.counters().commandInspected(allowed);
    }

    static void rememberAdvertised(SMTPSession session, Set<String> keywords) {
        session.setAttachment(ADVERTISED, new Advertised(keywords), State.Connection);
        watch(session).ifPresent(watch -> watch.tracker.pipeliningAdvertised(keywords.contains(PIPELINING)));
    }

    static void forgetAdvertised(SMTPSession session) {
        session.removeAttachment(ADVERTISED, State.Connection);
        watch(session).ifPresent(watch -> watch.tracker.pipeliningAdvertised(false));
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
