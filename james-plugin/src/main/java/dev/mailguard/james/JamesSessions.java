package dev.mailguard.james;

import java.net.InetSocketAddress;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;

import dev.mailguard.core.Endpoints;
import dev.mailguard.core.SessionState;

/**
 * Where MailGuard keeps its {@link SessionState} in a James session (one attachment for the
 * connection's life), and the session's endpoints as the records name them.
 */
final class JamesSessions {
    private static final AttachmentKey<SessionState> STATE = AttachmentKey.of("mailguard.session", SessionState.class);

    private JamesSessions() {
    }

    /**
     * A new connection's state, under the policy the client's address selects, kept in its session:
     * called once, by the greeting handler.
     */
    static SessionState start(SMTPSession session, ListenerPolicies listener) {
        SessionState state = listener.start(session.getRemoteAddress().getAddress(),
            DataLineJamesMessageHookHandler.DETECT_SMTP_SMUGGLING);
        session.setAttachment(STATE, state, State.Connection);
        return state;
    }

    /** The session's state; made here for a session that somehow skipped the greeting handler. */
    static SessionState state(SMTPSession session, ListenerPolicies listener) {
        return session.getAttachment(STATE, State.Connection).orElseGet(() -> start(session, listener));
    }

    static Endpoints endpoints(SMTPSession session, SessionState state) {
        return endpoints(session, state, session.getRemoteAddress());
    }

    /** The endpoints with {@code client} as the client: a PROXY header's, before James has read it. */
    static Endpoints endpoints(SMTPSession session, SessionState state, InetSocketAddress client) {
        return new Endpoints(client, session.getLocalAddress(), session.getSessionID(),
            session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null),
            state.policy().recordedName().orElse(null));
    }
}
