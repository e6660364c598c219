package dev.mailguard.james;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.smtp.SMTPResponse;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.smtp.EhloKeywords;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.smtp.ReplyText;
import dev.mailguard.core.inspect.SessionState;

/**
 * What MailGuard does to James's replies, and learns from them, after a command ran: the EHLO reply
 * keeps only the allowed keywords (and the session remembers what it advertised), echoed client
 * text loses its control characters, a 354 to DATA starts the content checks, and STARTTLS forgets
 * what was advertised and is recorded (108007). One per handler chain; what it does follows the
 * session's policy, handed in with each reply.
 */
final class ReplyRewriter {
    /**
     * Whether {@link MessageContentGuard} is in the chain to refuse a message whose lines the content
     * checks kept from James: without it they must keep nothing, or a cut message would be queued.
     */
    private final boolean contentGuarded;
    /** The last EHLO reply filtered: a server says the same keywords to most of its clients. */
    private volatile FilteredEhlo lastEhlo;

    ReplyRewriter(boolean contentGuarded) {
        this.contentGuarded = contentGuarded;
    }

    Response rewrite(MailGuardSession session, Request request, Response response) {
        String command = request.getCommand();
        SessionState state = session.state();
        if (response instanceof StartTlsResponse) {
            state.tlsStarted();
            session.record(AuditRecord.tlsStarted(session.endpoints()));
            return response;
        }
        if ("HELO".equals(command)) {
            state.heloAnswered();
        } else if (contentGuarded && "DATA".equals(command) && response != null && "354".equals(response.getRetCode())) {
            state.dataAccepted(session.config());
        }
        if ("RCPT".equals(command) && response != null && response.getRetCode().startsWith("5")) {
            Optional<Decision> tooMany = state.recipientRefused(session.config());
            if (tooMany.isPresent() && session.apply(tooMany.get())) {
                return MailGuardCommandDispatcher.refusal(tooMany.get()); // in place of James's own 5xx
            }
        }
        if (!(response instanceof SMTPResponse)) {
            return response;
        }
        List<CharSequence> texts = ReplyTexts.of(response);
        if ("EHLO".equals(command) && "250".equals(response.getRetCode())) {
            MailGuardConfig config = session.config();
            // asking James about TLS walks the pipeline: only where the answer changes the keywords
            boolean tls = config.ehloKeywords(true) != config.ehloKeywords(false) && session.tlsStarted();
            return filterEhlo(state, config.ehloKeywords(tls), response, texts);
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

    private Response filterEhlo(SessionState state, Set<String> allowed, Response response, List<CharSequence> texts) {
        FilteredEhlo filtered = lastEhlo;
        if (filtered == null || !filtered.filters(texts, allowed)) {
            filtered = new FilteredEhlo(texts, allowed, EhloKeywords.filter(cleanTexts(texts), allowed));
            lastEhlo = filtered;
        }
        state.ehloAnswered(filtered.keywords.advertised());
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
     * of them with one policy's allowed keywords, so that the same reply is filtered once rather than
     * once per session. Immutable.
     */
    private static final class FilteredEhlo {
        private final List<String> jamesKeywordLines;
        private final Set<String> allowed;
        final EhloKeywords keywords;

        FilteredEhlo(List<CharSequence> jamesTexts, Set<String> allowed, EhloKeywords keywords) {
            List<String> keywordLines = new ArrayList<>(jamesTexts.size());
            for (CharSequence text : jamesTexts.subList(1, jamesTexts.size())) {
                keywordLines.add(text.toString());
            }
            this.jamesKeywordLines = List.copyOf(keywordLines);
            this.allowed = allowed;
            this.keywords = keywords;
        }

        /** Whether James's reply has the same keyword lines as the one filtered here, for the same policy. */
        boolean filters(List<CharSequence> jamesTexts, Set<String> allowedKeywords) {
            // each policy's settings hold their own set: the same object is the same policy
            if (allowedKeywords != allowed || jamesTexts.size() != jamesKeywordLines.size() + 1) {
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
