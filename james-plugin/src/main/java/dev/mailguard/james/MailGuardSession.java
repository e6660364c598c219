package dev.mailguard.james;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.inspect.CommandPolicy;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.RateLimit;
import dev.mailguard.core.inspect.SessionFacts;
import dev.mailguard.core.inspect.SessionState;

/**
 * All MailGuard knows of one SMTP connection, on the adapter's side: James's session, the core's
 * {@link SessionState}, the policy the session is under now (its {@link Enforcement} and
 * {@link CommandPolicy}) and the session's endpoints. Kept in James's session as its one MailGuard
 * attachment and handed to the connection's watchers, so that every handler and hook is a thin
 * delegate to it. A policy change (AUTH, a PROXY header) is made here, so everything after it is
 * judged and carried out under the new policy. Used from the connection's event loop only.
 */
final class MailGuardSession implements SessionFacts {
    private static final AttachmentKey<MailGuardSession> KEY = AttachmentKey.of("mailguard.session", MailGuardSession.class);

    private final SMTPSession james;
    private final SessionState state;
    private final ListenerPolicies listener;
    /** The endpoints as the records name them, built only when a record or strike needs them. */
    private final Supplier<Endpoints> endpoints = this::endpoints;
    private final Consumer<Decision> decisions = this::apply;
    private Enforcement enforcement;

    private MailGuardSession(SMTPSession james, ListenerPolicies listener) {
        this.james = james;
        this.listener = listener;
        this.state = listener.start(james.getRemoteAddress().getAddress(), DataLineJamesMessageHookHandler.DETECT_SMTP_SMUGGLING);
        this.enforcement = listener.enforcement(state.policy());
    }

    /** A new connection's session, under the policy its client's address selects: made once, by the greeting handler. */
    static MailGuardSession start(SMTPSession james, ListenerPolicies listener) {
        MailGuardSession session = new MailGuardSession(james, listener);
        james.setAttachment(KEY, session, State.Connection);
        return session;
    }

    /** The connection's session; made here for a session that somehow skipped the greeting handler. */
    static MailGuardSession of(SMTPSession james, ListenerPolicies listener) {
        return james.getAttachment(KEY, State.Connection).orElseGet(() -> start(james, listener));
    }

    SMTPSession james() {
        return james;
    }

    SessionState state() {
        return state;
    }

    ListenerPolicies listener() {
        return listener;
    }

    Enforcement enforcement() {
        return enforcement;
    }

    MailGuardConfig config() {
        return enforcement.config();
    }

    /** The command checks of the session's current policy. */
    CommandPolicy commands() {
        return listener.commands(state.policy());
    }

    Endpoints endpoints() {
        return endpoints(james.getRemoteAddress());
    }

    /** The endpoints with {@code client} as the client: a PROXY header's, before James has read it. */
    Endpoints endpoints(InetSocketAddress client) {
        return new Endpoints(client, james.getLocalAddress(), james.getSessionID(),
            james.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null),
            state.policy().recordedName().orElse(null));
    }

    /** See {@link Enforcement#apply}: whether a refusal was enforced. */
    boolean apply(Decision decision) {
        return enforcement.apply(decision, state, endpoints);
    }

    /** The decisions of checks that run along the input (message lines), carried out as {@link #apply} does. */
    Consumer<Decision> decisions() {
        return decisions;
    }

    boolean enforcesRefusals() {
        return enforcement.enforcesRefusals();
    }

    void record(AuditRecord record) {
        enforcement.record(record);
    }

    /** A command line was judged: counted for the session's audit trail and in MailGuard's counters. */
    void commandInspected(boolean allowed) {
        enforcement.commandInspected(state, allowed);
    }

    /** The client has authenticated: from now on the authenticated policy applies, if there is one. */
    void authenticated() {
        state.authenticate(listener.authenticatedPolicy());
        policyChanged();
    }

    /**
     * A PROXY header named the real client: the session goes on under the policy that one selects,
     * and is refused as a new connection from it would be.
     */
    Optional<Decision> proxied(InetSocketAddress client) {
        state.clientAnnounced(listener.policyAtConnect(client.getAddress()));
        policyChanged();
        return refusalAtConnect(client.getAddress(), false, () -> endpoints(client));
    }

    private void policyChanged() {
        Enforcement before = enforcement;
        enforcement = listener.enforcement(state.policy());
        before.sessionMovesTo(enforcement);
    }

    /**
     * The refusal of the connection from {@code client}, when it is enforced: in the penalty box, or
     * over its connection rate. A balancer's connection ({@code behindProxy}) is not counted: the
     * client its PROXY header names is, when the header arrives.
     */
    Optional<Decision> refusalAtConnect(InetAddress client, boolean behindProxy, Supplier<Endpoints> where) {
        ListenerPenaltyBox box = listener.penaltyBox();
        return box == null ? Optional.empty() : box.refusalAtConnect(this, client, behindProxy, where);
    }

    /** The refusal of a command because this node boxed the client after the session opened; see {@link ListenerPenaltyBox}. */
    Optional<Decision> boxedSessionRefusal() {
        ListenerPenaltyBox box = listener.penaltyBox();
        return box == null ? Optional.empty() : box.boxedSessionRefusal(this);
    }

    /** Counts one event of {@code rate} by the client; the refusal when it went over its limit, enforced. */
    Optional<Decision> rateRefusal(RateLimit rate) {
        ListenerPenaltyBox box = listener.penaltyBox();
        return box == null ? Optional.empty() : box.rateRefusal(this, rate, james.getRemoteAddress().getAddress(), endpoints);
    }

    @Override
    public Set<String> advertisedKeywords() {
        return state.advertisedKeywords();
    }

    @Override
    public int recipientCount() {
        return james.getRcptCount();
    }

    @Override
    public int unrecognizedCommands() {
        return state.unrecognizedCommands();
    }

    @Override
    public boolean sentBeforePreviousReply() {
        return state.input().commandSentEarly();
    }

    @Override
    public boolean tlsStarted() {
        return james.isTLSStarted();
    }

    @Override
    public boolean inputBehindCommand() {
        return state.input().inputWaiting();
    }
}
