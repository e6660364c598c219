package dev.mailguard.james;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.config.BannerMode;
import dev.mailguard.core.policy.ClientPolicies;
import dev.mailguard.core.policy.ClientPolicy;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.penalty.PenaltyBoxSettings;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.inspect.CommandOutcome;

/**
 * MailGuard's one check in front of every SMTP command.
 *
 * <p>Why a {@link CommandDispatcher}: James puts the handlers of {@code <handlerchain>} before the
 * core handlers, and its Netty handler gives every command line to the chain's <em>first</em>
 * {@code LineHandler}. Listed first, this dispatcher is that line handler, so a line is judged
 * before any James command handler or hook runs: for verbs James implements (VRFY, EXPN, HELP,
 * AUTH, STARTTLS) and for those it does not. It then dispatches allowed lines exactly as James's own
 * dispatcher would (it is wired with the same command handlers); James's dispatcher stays in the
 * chain but receives no lines. Message content and AUTH continuation lines go to the line handlers
 * those commands push, not through here. Being the dispatcher, it also sees James's EHLO reply and
 * filters its keywords ({@link ReplyRewriter}).
 *
 * <p>It is not a connect handler: {@link MaskedWelcomeHandler}, James's greeting handler in
 * {@link MailGuardCoreHandlers}, puts {@link LineDiscipline}'s watchers into each new connection,
 * so that James runs no connect handler more than it does without MailGuard.
 */
public class MailGuardCommandDispatcher extends CommandDispatcher<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailGuardCommandDispatcher.class);
    private static final String AUTH = "AUTH";

    private final Set<String> implementedVerbs = new HashSet<>();
    private final MailGuardStatus status;
    private volatile ListenerPolicies listener = ListenerPolicies.unregistered();
    private volatile ReplyRewriter replies = new ReplyRewriter(false);

    @Inject
    public MailGuardCommandDispatcher(MailGuardStatus status) {
        this.status = status;
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        ClientPolicies policies = ClientPolicies.from(configuration);
        Optional<PenaltyBoxSettings> penaltyBox = PenaltyBoxSettings.from(configuration);
        PenaltyBoxSettings.requireForRates(policies, penaltyBox);
        listener = status.register(policies, penaltyBox);
        penaltyBox.ifPresent(box -> LOGGER.info("MailGuard penalty box: {}", box));
        for (ClientPolicy policy : policies.all()) {
            if (policies.hasPolicies()) {
                LOGGER.info("MailGuard policy {} for {}: {}", policy.name(), selection(policy), policy.config());
            } else {
                LOGGER.info("MailGuard inspecting SMTP: {}", policy.config());
            }
        }
        if (policies.all().stream().anyMatch(policy -> policy.config().maskBanner() == BannerMode.ASTERISKS)) {
            LOGGER.warn("MailGuard: <maskBanner>asterisks</maskBanner> greets with 220 and asterisks only, which Postfix"
                + " clients take for a Cisco PIX: they then send HELO instead of EHLO and never STARTTLS towards this"
                + " server (Postfix smtp_pix_workarounds), so their mail arrives in cleartext or is deferred where TLS"
                + " is required; <maskBanner>hostname</maskBanner> hides the software without that effect");
        }
    }

    private static String selection(ClientPolicy policy) {
        if (policy.index() == 0) {
            return "every other client";
        }
        String clients = policy.clients().isEmpty() ? "" : "clients " + policy.clients().stream().map(Object::toString)
            .collect(Collectors.joining(" "));
        String authenticated = policy.authenticated() ? "authenticated sessions" : "";
        return clients.isEmpty() || authenticated.isEmpty() ? clients + authenticated : clients + " and " + authenticated;
    }

    @Override
    public void destroy() {
        status.penaltyBoxes().close();
    }

    /** Policies, settings and counters, for the handlers of {@link MailGuardCoreHandlers}, which get no element of their own. */
    ListenerPolicies listener() {
        return listener;
    }

    @Override
    protected void addToMap(String commandName, CommandHandler<SMTPSession> handler) {
        super.addToMap(commandName, handler);
        implementedVerbs.add(commandName);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Class<?>> getMarkerInterfaces() {
        List markers = super.getMarkerInterfaces();
        markers.add(MaskedWelcomeHandler.class);
        markers.add(MessageContentGuard.class);
        markers.add(MailGuardCommandDispatcher.class); // to find a second copy of itself in the chain
        return markers;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void wireExtensions(Class interfaceName, List extensions) throws WiringException {
        super.wireExtensions(interfaceName, extensions);
        if (interfaceName.equals(CommandHandler.class)) {
            listener.wire(implementedVerbs);
        }
        if (interfaceName.equals(MailGuardCommandDispatcher.class) && extensions.size() > 1) {
            // only the first would ever see a line: a second element's settings would silently do nothing
            throw new WiringException("MailGuard: " + MailGuardCommandDispatcher.class.getName() + " is listed "
                + extensions.size() + " times in one <handlerchain>; list it once, first, with all its settings");
        }
        if (interfaceName.equals(MessageContentGuard.class)) {
            replies = new ReplyRewriter(!extensions.isEmpty());
        }
        if (interfaceName.equals(MaskedWelcomeHandler.class) && extensions.isEmpty()) {
            throw new WiringException("MailGuard needs <handlerchain coreHandlersPackage=\"" + MailGuardCoreHandlers.class.getName()
                + "\">: its greeting handler masks the banner and puts MailGuard's connection watchers in place");
        }
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line) {
        MailGuardSession guarded = MailGuardSession.of(session, listener);
        if (!guarded.state().authenticated() && session.getUsername() != null) {
            guarded.authenticated(); // AUTH succeeded since the last line
        }
        Optional<Decision> boxed = guarded.boxedSessionRefusal();
        if (boxed.isPresent()) {
            guarded.commandInspected(false);
            return refusal(boxed.get());
        }
        CommandOutcome outcome = guarded.commands().inspect(line, guarded.state(), guarded);
        CommandTrace.write(guarded::endpoints, line, outcome);
        Decision decision = outcome.decision();
        if (outcome.passes()) {
            guarded.commandInspected(true);
            if (decision != null) {
                guarded.apply(decision);
            }
            if (outcome.countedRate() != null) {
                Optional<Decision> tooFast = guarded.rateRefusal(outcome.countedRate());
                if (tooFast.isPresent()) {
                    return refusal(tooFast.get());
                }
            }
            return super.onLine(session, outcome.line());
        }
        boolean enforced = guarded.apply(decision);
        guarded.commandInspected(!enforced);
        if (!enforced) {
            return super.onLine(session, line); // dry run: James gets the line unchanged
        }
        if (outcome.refusesStartTls()) {
            // James's framer, having seen a STARTTLS line, drops the connection at the next line unless
            // STARTTLS ran. MailGuard refuses STARTTLS for the whole session, so nothing is lost by
            // switching that check off; without it a masked STARTTLS would cost the client its session.
            session.stopDetectingCommandInjection();
        }
        return refusal(decision);
    }

    /** The reply of an enforced refusal, ending the session where the decision closes the connection. */
    static Response refusal(Decision decision) {
        SmtpReply reply = decision.reply();
        SMTPResponse response = new SMTPResponse(reply.code(), reply.description());
        response.setEndSession(decision.closesConnection());
        return response;
    }

    @Override
    protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
        MailGuardSession guarded = MailGuardSession.of(session, listener);
        if (AUTH.equals(request.getCommand()) && request.getArgument() != null && session.getUsername() == null) {
            AuthWatch.watch(guarded, request.getArgument());
        }
        Response response = super.dispatchCommandHandlers(session, request);
        return replies.rewrite(guarded, request, response);
    }
}
