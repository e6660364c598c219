package dev.mailguard.core.inspect;

import java.util.Optional;
import java.util.Set;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.MessageRecords;
import dev.mailguard.core.audit.SessionCounts;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.Settings;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * Everything MailGuard knows about one SMTP session: where its input stands, its current message's
 * content checks, its counts, what its EHLO reply advertised, how many unrecognized commands it sent
 * and the SIZE its current transaction declared. One per connection, kept by the adapter for the
 * session's whole life and read by the checks; used from the connection's event loop only.
 */
public final class SessionState {
    private final InputTracker input = new InputTracker();
    private final SessionCounts counts = new SessionCounts();
    private final AuthAttempts auth = new AuthAttempts();
    /** System.nanoTime() at connect: whether the session was already open when its client was boxed. */
    private final long startedNanos = System.nanoTime();
    private final MessageContent content;
    private ClientPolicy policy;
    private boolean authenticated;
    private Set<String> advertisedKeywords = Set.of();
    private int unrecognizedCommands;
    private long declaredSize;
    private int invalidRecipients;

    /**
     * @param policy the policy the session starts under
     * @param bareLfEndsSession whether the server refuses a message line not ended by CRLF and closes
     *     the session (James's {@code james.prevent.smtp.smuggling})
     */
    public SessionState(ClientPolicy policy, boolean bareLfEndsSession) {
        this.policy = policy;
        this.content = new MessageContent(bareLfEndsSession);
    }

    /** The policy whose settings apply to the session now. */
    public ClientPolicy policy() {
        return policy;
    }

    /** The client's address became known only after connect (PROXY protocol): the policy it selects applies. */
    public void clientAnnounced(ClientPolicy selected) {
        if (!authenticated) {
            policy = selected;
        }
    }

    /** Whether the client has authenticated (AUTH succeeded). */
    public boolean authenticated() {
        return authenticated;
    }

    /** AUTH succeeded: from now on {@code selected} applies, when there is such a policy, until the session ends. */
    public void authenticate(Optional<ClientPolicy> selected) {
        authenticated = true;
        selected.ifPresent(authenticatedPolicy -> policy = authenticatedPolicy);
    }

    public InputTracker input() {
        return input;
    }

    public MessageContent content() {
        return content;
    }

    public SessionCounts counts() {
        return counts;
    }

    /** When the session started, on {@link System#nanoTime()}'s scale. */
    public long startedNanos() {
        return startedNanos;
    }

    /** The session's AUTH exchanges: the name given, failures so far. */
    public AuthAttempts auth() {
        return auth;
    }

    /** Upper-case EHLO keywords advertised to this session; empty before EHLO, after HELO or STARTTLS. */
    public Set<String> advertisedKeywords() {
        return advertisedKeywords;
    }

    /** The server's EHLO reply, as filtered, advertised these keywords (upper case). */
    public void ehloAnswered(Set<String> keywords) {
        advertisedKeywords = Set.copyOf(keywords);
        input.pipeliningAdvertised(keywords.contains("PIPELINING"));
    }

    /** The server answered HELO: nothing is advertised until the next EHLO. */
    public void heloAnswered() {
        forgetAdvertised();
    }

    /** TLS started: nothing advertised before holds (RFC 3207); the client must say EHLO again. */
    public void tlsStarted() {
        forgetAdvertised();
    }

    /** The server answered DATA with 354: the lines that follow are a message, checked under {@code config}. */
    public void dataAccepted(MailGuardConfig config) {
        content.start(config);
    }

    private void forgetAdvertised() {
        advertisedKeywords = Set.of();
        input.pipeliningAdvertised(false);
    }

    /** Unknown, denied or empty commands the session has sent so far. */
    public int unrecognizedCommands() {
        return unrecognizedCommands;
    }

    void countUnrecognized() {
        unrecognizedCommands++;
    }

    /**
     * James refused a RCPT with a 5xx (an unknown user, say): past {@code maxInvalidRecipients} such
     * refusals in the session (ASA {@code match invalid-recipients count}: address harvesting), the
     * refusal that closes it, a strike.
     */
    public Optional<Decision> recipientRefused(MailGuardConfig config) {
        invalidRecipients++;
        int max = config.get(Settings.MAX_INVALID_RECIPIENTS);
        if (max == 0 || invalidRecipients <= max) {
            return Optional.empty();
        }
        return Optional.of(Decision.refuseAndClose(SmtpReply.TOO_MANY_INVALID_RECIPIENTS,
            endpoints -> MessageRecords.tooManyInvalidRecipients(endpoints, max)).strike());
    }

    /** The SIZE the current transaction's MAIL declared, 0 when none: for the 108006 record. */
    public long declaredSize() {
        return declaredSize;
    }

    /** A MAIL command passed; {@code size} is what it declared, -1 for nothing. */
    void mailDeclared(long size) {
        declaredSize = Math.max(size, 0);
    }
}
