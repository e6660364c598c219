package dev.mailguard.core.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * One session's AUTH exchanges as MailGuard follows them: the name the client gave (never its
 * password: of a PLAIN response only the authentication identity is kept, and LOGIN's second
 * answer is not read), whether an exchange is open, and how many failed. A failed exchange (535,
 * or 501 for a cancelled or garbled one) is recorded as 113015 and is an auth strike; the one
 * that reaches {@code maxAuthFailures} also closes the session with 421 (Postfix does the same
 * after its hard error limit: the error reply, then 421 at once). Used from the connection's event
 * loop only.
 */
public final class AuthAttempts {
    private static final Decision TOO_MANY = Decision.refuseAndClose(SmtpReply.TOO_MANY_AUTH_FAILURES, null);

    private boolean open;
    private boolean loginAwaitsUser;
    private boolean plainAwaitsResponse;
    private String user = "";
    private int failures;

    /** An AUTH command went to James; {@code argument} is what followed the verb ({@code PLAIN dGVz...}). */
    public void started(String argument) {
        String[] words = argument.trim().split(" +", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initialResponse = words.length > 1 ? words[1] : null;
        open = true;
        user = "";
        loginAwaitsUser = mechanism.equals("LOGIN") && initialResponse == null;
        plainAwaitsResponse = mechanism.equals("PLAIN") && initialResponse == null;
        if (initialResponse != null) {
            user = mechanism.equals("PLAIN") ? plainUser(initialResponse) : mechanism.equals("LOGIN") ? decoded(initialResponse) : "";
        }
    }

    /** Whether an exchange is open: the next line is the client's answer to a 334, not a command. */
    public boolean open() {
        return open;
    }

    /** The client's answer to a 334; only the one that names the user is read. */
    public void answered(byte[] line, int length) {
        if (!loginAwaitsUser && !plainAwaitsResponse) {
            return; // LOGIN's password, or a mechanism MailGuard does not read
        }
        String text = new String(line, 0, length, StandardCharsets.US_ASCII).trim();
        user = loginAwaitsUser ? decoded(text) : plainUser(text);
        loginAwaitsUser = false;
        plainAwaitsResponse = false;
    }

    /**
     * James replied with {@code code} in the open exchange: 334 keeps it open; 235 ends it; 535 and
     * 501 end it as a failure, whose decisions (the 113015 note and auth strike, then the 421 that
     * closes the session at {@code maxAuthFailures}) are returned; any other reply ends it quietly.
     */
    public List<Decision> replied(String code, int maxAuthFailures) {
        if (code.equals("334")) {
            return List.of();
        }
        open = false;
        if (!code.equals("535") && !code.equals("501")) {
            return List.of();
        }
        failures++;
        String name = user;
        List<Decision> decisions = new ArrayList<>(2);
        decisions.add(Decision.note(endpoints -> AuditRecord.authRejected(endpoints, name)).authStrike());
        if (failures >= maxAuthFailures) {
            decisions.add(TOO_MANY);
        }
        return decisions;
    }

    /** Failed exchanges so far in the session. */
    public int failures() {
        return failures;
    }

    /**
     * RFC 4616: [authzid] NUL authcid NUL passwd. The name James checks is the authcid, or the
     * authzid when the authcid is empty; the third field is never read, so a malformed response
     * cannot put a password where the name goes.
     */
    private static String plainUser(String response) {
        String[] fields = decoded(response).split("\0", -1);
        if (fields.length != 3) {
            return "";
        }
        return fields[1].isBlank() ? fields[0] : fields[1];
    }

    /** The octets of a base64 text, one character per octet; empty when it is not base64. */
    private static String decoded(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
