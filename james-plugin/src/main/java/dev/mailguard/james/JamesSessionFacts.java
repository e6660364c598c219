package dev.mailguard.james;

import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

import dev.mailguard.core.Endpoints;
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

    private final SMTPSession session;

    JamesSessionFacts(SMTPSession session) {
        this.session = session;
    }

    @Override
    public Set<String> advertisedKeywords() {
        return session.getAttachment(ADVERTISED, State.Connection).map(advertised -> advertised.keywords).orElse(Set.of());
    }

    @Override
    public int recipientCount() {
        return session.getRcptCount();
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
        return new Endpoints(session.getRemoteAddress(), session.getLocalAddress());
    }
}
