package dev.mailguard.james;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.core.AuditRecord;
import dev.mailguard.core.BannerMode;
import dev.mailguard.core.CommandPolicy;
import dev.mailguard.core.CommandTrace;
import dev.mailguard.core.EhloKeywords;
import dev.mailguard.core.Enforcer;
import dev.mailguard.core.Endpoints;
import dev.mailguard.core.MailGuardConfig;
import dev.mailguard.core.ReplyText;
import dev.mailguard.core.SmtpReply;
import dev.mailguard.core.Verdict;

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
 * filters its keywords.
 *
 * <p>It is not a connect handler: {@link MaskedWelcomeHandler}, James's greeting handler in
 * {@link MailGuardCoreHandlers}, puts {@link LineDiscipline}'s watchers into each new connection,
 * so that James runs no connect handler more than it does without MailGuard.
 */
public class MailGuardCommandDispatcher extends CommandDispatcher<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailGuardCommandDispatcher.class);

    private final Set<String> implementedVerbs = new HashSet<>();
    private final MailGuardStatus status;
    private MailGuardConfig config = MailGuardConfig.defaults();
    private Enforcer enforcer;
    private volatile CommandPolicy policy;
    /**
     * Whether {@link MessageContentGuard} is in the chain to refuse a message whose lines the content
     * checks kept from James: without it they must keep nothing, or a cut message would be queued.
     */
    private volatile boolean contentGuarded;
    /** The last EHLO reply filtered: a server says the same keywords to most of its clients. */
    private volatile FilteredEhlo lastEhlo;

    @Inject
    public MailGuardCommandDispatcher(MailGuardStatus status) {
        this.status = status;
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        config = MailGuardConfig.from(configuration);
        enforcer = status.register(config);
        LOGGER.info("MailGuard inspecting SMTP: {}", config);
        if (config.maskBanner() == BannerMode.ASTERISKS) {
            LOGGER.warn("MailGuard: <maskBanner>asterisks</maskBanner> greets with 220 and asterisks only, which Postfix"
                + " clients take for a Cisco PIX: they then send HELO instead of EHLO and never STARTTLS towards this"
                + " server (Postfix smtp_pix_workarounds), so their mail arrives in cleartext or is deferred where TLS"
                + " is required; <maskBanner>hostname</maskBanner> hides the software without that effect");
        }
    }

    /** Settings and counters, for the handlers of {@link MailGuardCoreHandlers}, which get no element of their own. */
    Enforcer enforcer() {
        return enforcer;
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
            policy = new CommandPolicy(config, implementedVerbs);
        }
        if (interfaceName.equals(MailGuardCommandDispatcher.class) && extensions.size() > 1) {
            // only the first would ever see a line: a second element's settings would silently do nothing
            throw new WiringException("MailGuard: " + MailGuardCommandDispatcher.class.getName() + " is listed "
                + extensions.size() + " times in one <handlerchain>; list it once, first, with all its settings");
        }
        if (interfaceName.equals(MessageContentGuard.class)) {
            contentGuarded = !extensions.isEmpty();
        }
        if (interfaceName.equals(MaskedWelcomeHandler.class) && extensions.isEmpty()) {
            throw new WiringException("MailGuard needs <handlerchain coreHandlersPackage=\"" + MailGuardCoreHandlers.class.getName()
                + "\">: its greeting handler masks the banner and puts MailGuard's connection watchers in place");
        }
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line) {
        ConnectionWatch watch = JamesSessionFacts.watch(session).orElse(null);
        boolean sentEarly = watch != null && watch.tracker.commandArrived();
        boolean inputBehind = watch != null && watch.tracker.inputWaiting();
        Verdict verdict = policy.inspect(line, new JamesSessionFacts(session, sentEarly, inputBehind));
        CommandTrace.write(() -> JamesSessionFacts.endpoints(session), line, verdict);
        if (verdict.unrecognized()) {
            JamesSessionFacts.countUnrecognized(session);
        }
        if (verdict.passes()) {
            JamesSessionFacts.countCommand(watch, enforcer, true);
            if (verdict.recorded()) {
                verdict.auditRecord(JamesSessionFacts.endpoints(session)).ifPresent(enforcer::audit);
            }
            JamesSessionFacts.rememberDeclaredSize(session, verdict.declaredSize());
            return super.onLine(session, verdict.line());
        }
        Endpoints endpoints = JamesSessionFacts.endpoints(session);
        Optional<AuditRecord> record = verdict.auditRecord(endpoints);
        boolean enforced = record.isPresent() ? enforcer.enforce(record.get(), verdict.reply())
            : enforcer.enforceUnrecorded(endpoints, verdict.reply());
        JamesSessionFacts.countCommand(watch, enforcer, !enforced);
        if (!enforced) {
            return super.onLine(session, line); // dry run: James gets the line unchanged
        }
        if (verdict.refusesStartTls()) {
            // James's framer, having seen a STARTTLS line, drops the connection at the next line unless
            // STARTTLS ran. MailGuard refuses STARTTLS for the whole session, so nothing is lost by
            // switching that check off; without it a masked STARTTLS would cost the client its session.
            session.stopDetectingCommandInjection();
        }
        SmtpReply reply = verdict.reply();
        SMTPResponse response = new SMTPResponse(reply.code(), reply.description());
        response.setEndSession(verdict.closesConnection());
        return response;
    }

    @Override
    protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
        Response response = super.dispatchCommandHandlers(session, request);
        String command = request.getCommand();
        if (response instanceof StartTlsResponse) {
            // RFC 3207: nothing advertised before TLS holds after it; the client must say EHLO again
            JamesSessionFacts.forgetAdvertised(session);
            enforcer.audit(AuditRecord.tlsStarted(JamesSessionFacts.endpoints(session)));
            return response;
        }
        if ("HELO".equals(command)) {
            JamesSessionFacts.forgetAdvertised(session);
        } else if (contentGuarded && "DATA".equals(command) && response != null && "354".equals(response.getRetCode())) {
            JamesSessionFacts.watch(session).ifPresent(watch -> watch.content.start());
        }
        if (!(response instanceof SMTPResponse)) {
            return response;
        }
        List<CharSequence> texts = ReplyTexts.of(response);
        if ("EHLO".equals(command) && "250".equals(response.getRetCode())) {
            return filterEhlo(session, response, texts);
        }
        return needsCleaning(texts) ? withTexts(response, cleanTexts(texts)) : response;
    }

    /** A plain loop: this runs on every reply. */
    private static boolean needsCleaning(List<CharSequence> texts) {
        for (CharSequence text : texts) {
            if (ReplyText.needsCleaning(text)) {
                return true;
            }
        }
        return false;
    }

    private Response filterEhlo(SMTPSession session, Response response, List<CharSequence> texts) {
        FilteredEhlo filtered = lastEhlo;
        if (filtered == null || !filtered.filters(texts)) {
            filtered = new FilteredEhlo(texts, EhloKeywords.filter(cleanTexts(texts), config.ehloKeywords()));
            lastEhlo = filtered;
        }
        JamesSessionFacts.rememberAdvertised(session, filtered.keywords.advertised());
        List<String> filteredTexts = new ArrayList<>(filtered.keywords.lines());
        filteredTexts.set(0, cleanText(texts.get(0))); // the line that echoes the client's EHLO name
        return withTexts(response, filteredTexts);
    }

    /**
     * The text of each reply line ({@link ReplyTexts}). James echoes client text in some replies (the
     * HELO name): control characters in it are replaced.
     */
    private static List<String> cleanTexts(List<CharSequence> texts) {
        List<String> cleaned = new ArrayList<>(texts.size());
        for (CharSequence text : texts) {
            cleaned.add(cleanText(text));
        }
        return cleaned;
    }

    private static String cleanText(CharSequence text) {
        return ReplyText.needsCleaning(text) ? ReplyText.clean(text) : text.toString();
    }

    /** The same reply (code, end of session) with other line texts. */
    private static Response withTexts(Response response, List<String> texts) {
        SMTPResponse reply = new SMTPResponse(response.getRetCode(), texts.get(0));
        for (int i = 1; i < texts.size(); i++) {
            reply.appendLine(texts.get(i));
        }
        reply.setEndSession(response.isEndSession());
        return reply;
    }

    /**
     * James's EHLO keyword lines (all but the first, which names the client) and what the filter made
     * of them, so that the same reply is filtered once rather than once per session. Immutable.
     */
    private static final class FilteredEhlo {
        private final List<String> jamesKeywordLines;
        final EhloKeywords keywords;

        FilteredEhlo(List<CharSequence> jamesTexts, EhloKeywords keywords) {
            List<String> keywordLines = new ArrayList<>(jamesTexts.size());
            for (CharSequence text : jamesTexts.subList(1, jamesTexts.size())) {
                keywordLines.add(text.toString());
            }
            this.jamesKeywordLines = List.copyOf(keywordLines);
            this.keywords = keywords;
        }

        /** Whether James's reply has the same keyword lines as the one filtered here. */
        boolean filters(List<CharSequence> jamesTexts) {
            if (jamesTexts.size() != jamesKeywordLines.size() + 1) {
                return false;
            }
            Iterator<CharSequence> texts = jamesTexts.iterator();
            texts.next(); // the line that names the client
            for (String keywordLine : jamesKeywordLines) {
                if (!keywordLine.contentEquals(texts.next())) {
                    return false;
                }
            }
            return true;
        }
    }
}
