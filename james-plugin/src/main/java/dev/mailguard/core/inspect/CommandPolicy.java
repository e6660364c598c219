package dev.mailguard.core.inspect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.audit.MessageRecords;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MaliciousAddressAction;
import dev.mailguard.core.config.Settings;
import dev.mailguard.core.smtp.CommandLine;
import dev.mailguard.core.smtp.LineFraming;
import dev.mailguard.core.smtp.SmtpReply;
import dev.mailguard.core.smtp.Verbs;

/**
 * Judges each command line before James sees it: line discipline, the verb allowlist and masked
 * replies, the recipient limit and ESMTP parameters, and the MAIL/RCPT address rules
 * (docs/reference.md). An allowed verb that James has no handler for gets 502, because
 * James's own unknown-command reply would echo the verb.
 */
public final class CommandPolicy {
    private final MailGuardConfig config;
    private final Set<String> implementedVerbs;
    private final AddressInspector addresses;
    private final List<Pattern> deniedSenders;

    /** @param implementedVerbs upper-case verbs James has a command handler for */
    public CommandPolicy(MailGuardConfig config, Set<String> implementedVerbs) {
        this.config = config;
        this.implementedVerbs = Set.copyOf(implementedVerbs);
        this.addresses = new AddressInspector(config.maxAddressLength());
        this.deniedSenders = config.get(Settings.DENY_SENDERS);
    }

    /**
     * Judges a command line of the session whose state is {@code state}, and applies what that
     * changes in it: the count of unrecognized commands, the SIZE a passed MAIL declared, and when
     * the next line counts as sent early.
     */
    public CommandOutcome inspect(byte[] line, SessionState state, SessionFacts session) {
        CommandOutcome outcome = inspect(line, session);
        state.input().commandAwaitsReply();
        if (outcome.unrecognized()) {
            state.countUnrecognized();
        }
        if (outcome.passesMail()) {
            state.mailDeclared(outcome.declaredSize());
        }
        return outcome;
    }

    /** Judges a command line, from what {@code session} says about where it arrives. */
    public CommandOutcome inspect(byte[] line, SessionFacts session) {
        if (session.inputBehindCommand() && isData(line)) {
            // RFC 2920: DATA ends a command group, PIPELINING or not. Content sent before the 354 is
            // not read as commands nor as a message: the session ends here.
            return CommandOutcome.disconnect(SmtpReply.CONTENT_BEFORE_DATA_REPLY, AuditRecord::improperPipelining);
        }
        if (session.sentBeforePreviousReply()) {
            return CommandOutcome.reject(SmtpReply.IMPROPER_PIPELINING, AuditRecord::improperPipelining);
        }
        if (line.length > config.maxCommandLineLength()) {
            return CommandOutcome.violation(SmtpReply.LINE_TOO_LONG,
                endpoints -> AuditRecord.lineTooLong(endpoints, config.maxCommandLineLength()));
        }
        if (!LineFraming.isCrlfTerminated(line)) {
            return CommandOutcome.reject(SmtpReply.NOT_CRLF, AuditRecord::notCrlfTerminated);
        }
        CommandOutcome outcome = inspectCommand(line, session);
        if (outcome.unrecognized() && session.unrecognizedCommands() >= config.maxUnknownCommands()) {
            return CommandOutcome.disconnect(SmtpReply.TOO_MANY_UNRECOGNIZED,
                endpoints -> AuditRecord.tooManyUnrecognized(endpoints, config.maxUnknownCommands()));
        }
        return outcome;
    }

    private static boolean isData(byte[] line) {
        return Verbs.toUpperAscii(CommandLine.parse(line).verb()).equals("DATA");
    }

    private CommandOutcome inspectCommand(byte[] line, SessionFacts session) {
        CommandLine command = CommandLine.parse(line);
        if (command.isEmpty()) {
            return CommandOutcome.unrecognized(SmtpReply.EMPTY_COMMAND);
        }
        String verb = command.verb();
        if (!config.allowlist().allows(verb)) {
            return CommandOutcome.drop(verb);
        }
        String upperVerb = Verbs.toUpperAscii(verb);
        if (!implementedVerbs.contains(upperVerb)) {
            return CommandOutcome.replyUnrecorded(SmtpReply.NOT_IMPLEMENTED);
        }
        if (upperVerb.equals("AUTH") && config.authRequiresTls() && !session.tlsStarted()) {
            // RFC 4954 section 4: whatever James would do, no credential crosses the wire in clear text
            return CommandOutcome.reject(SmtpReply.AUTH_BEFORE_TLS, AuditRecord::authBeforeTls);
        }
        if (upperVerb.equals("AUTH") && !session.advertisedKeywords().contains("AUTH")) {
            // James runs AUTH whether or not it offered it: with requireSSL it would take a password
            // in clear text before STARTTLS, on a listener that announces AUTH never it would still log in
            return CommandOutcome.reject(SmtpReply.AUTH_NOT_ADVERTISED, AuditRecord::authNotAdvertised);
        }
        if (upperVerb.equals("RCPT") && session.recipientCount() >= config.maxRecipients()) {
            return CommandOutcome.reject(SmtpReply.TOO_MANY_RECIPIENTS,
                endpoints -> AuditRecord.tooManyRecipients(endpoints, config.maxRecipients()));
        }
        if (upperVerb.equals("MAIL") || upperVerb.equals("RCPT")) {
            return inspectPath(line, command, upperVerb.equals("MAIL"), session);
        }
        return CommandOutcome.pass(line);
    }

    private CommandOutcome inspectPath(byte[] line, CommandLine command, boolean mail, SessionFacts session) {
        String argument = command.argument();
        int colon = argument.indexOf(':');
        if (colon < 0) {
            return CommandOutcome.pass(line); // James answers with its usage message
        }
        AddressInspector.Result address = addresses.inspect(argument, colon + 1);
        if (address.malicious()) {
            return malicious(mail, address.address());
        }
        Optional<EsmtpParameters.Problem> problem =
            EsmtpParameters.check(mail, address.parameters(), session.advertisedKeywords(), config.maxData());
        if (problem.isPresent()) {
            long declared = problem.get().declaredSize();
            return declared < 0
                ? CommandOutcome.replyUnrecorded(problem.get().reply())
                : CommandOutcome.reject(problem.get().reply(), endpoints -> AuditRecord.sizeViolation(endpoints, declared, 0));
        }
        if (mail && senderDenied(address.address())) {
            return CommandOutcome.reject(SmtpReply.SENDER_DENIED, MessageRecords::senderDenied);
        }
        byte[] forJames = line;
        if (address.rewritten()) {
            String rewritten = command.verb() + " " + address.argument() + "\r\n";
            forJames = rewritten.getBytes(StandardCharsets.ISO_8859_1);
        }
        Function<Endpoints, AuditRecord> record = address.replaced()
            ? endpoints -> AuditRecord.replacedString(endpoints, address.address())
            : null;
        return mail
            ? CommandOutcome.passMail(forJames, record, EsmtpParameters.declaredSize(address.parameters()))
            : CommandOutcome.passRcpt(forJames, record);
    }

    /** ASA {@code match sender-address regex}: on the mailbox, without angle brackets or source route. */
    private boolean senderDenied(String path) {
        if (deniedSenders.isEmpty()) {
            return false;
        }
        String mailbox = path.startsWith("<") && path.endsWith(">") ? path.substring(1, path.length() - 1) : path;
        if (mailbox.startsWith("@")) {
            mailbox = mailbox.substring(mailbox.indexOf(':') + 1);
        }
        for (Pattern denied : deniedSenders) {
            if (denied.matcher(mailbox).find()) {
                return true;
            }
        }
        return false;
    }

    private CommandOutcome malicious(boolean mail, String address) {
        if (config.maliciousAddressAction() == MaliciousAddressAction.DROP_CONNECTION) {
            return CommandOutcome.disconnect(SmtpReply.CLOSING_MALICIOUS,
                endpoints -> AuditRecord.maliciousAddress(endpoints, address, true));
        }
        return CommandOutcome.reject(mail ? SmtpReply.BAD_SENDER : SmtpReply.BAD_RECIPIENT,
            endpoints -> AuditRecord.maliciousAddress(endpoints, address, false));
    }
}
