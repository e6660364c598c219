package dev.mailguard.core.config;

import static dev.mailguard.core.config.Setting.Scope.LISTENER;
import static dev.mailguard.core.config.Setting.Scope.POLICY;
import static dev.mailguard.core.config.Setting.Scope.SESSION;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import dev.mailguard.core.audit.AuditFormat;
import dev.mailguard.core.net.Cidr;

/**
 * Every setting MailGuard reads, declared once: the handler element's, a {@code <policy>}'s own and
 * the {@code <penaltyBox>}'s, each group in the order conf/smtpserver.xml and docs/reference.md list
 * them. A setting is {@link Setting.Scope#SESSION} when it decides only what happens in one session,
 * which a per-client policy chosen at connect or at AUTH can do; it is {@link Setting.Scope#LISTENER}
 * when one value must hold for everything the listener does.
 */
public final class Settings {
    public static final Setting<InspectionMode> MODE = Setting.of("mode", SESSION,
        Syntax.choice(InspectionMode::fromConfigName, InspectionMode::configName, "smtp or esmtp"), InspectionMode.ESMTP,
        "The command allowlist: the seven RFC 821 commands (smtp), or those and the ESMTP ones (esmtp).");
    public static final Setting<Boolean> ALLOW_TLS = Setting.of("allowTls", SESSION, Syntax.bool(), true,
        "Whether STARTTLS is allowed and advertised in esmtp mode.");
    public static final Setting<List<String>> ALLOW = Setting.unset("allow", SESSION, Syntax.verbs(), List.of(), "none",
        "Adds one command to the allowlist; repeatable.");
    public static final Setting<List<String>> DENY = Setting.unset("deny", SESSION, Syntax.verbs(), List.of(), "none",
        "Removes one command from the allowlist; repeatable, and wins over allow.");
    public static final Setting<BannerMode> MASK_BANNER = Setting.of("maskBanner", SESSION,
        Syntax.choice(BannerMode::fromConfigName, BannerMode::configName,
            "hostname, asterisks or off (true means hostname, false means off)"), BannerMode.HOSTNAME,
        "What the 220 greeting says: 220 NAME ESMTP (hostname), the Cisco asterisks, or James's own (off).");
    /** Absent, the greeting names James's {@code helloName}, which only James knows. */
    public static final Setting<Optional<String>> BANNER_NAME = Setting.unset("bannerName", SESSION, Syntax.hostName(),
        Optional.empty(), "James's `helloName`", "The host name the greeting announces when maskBanner is hostname.");
    public static final Setting<Boolean> MASK_SOFTWARE_NAME = Setting.of("maskSoftwareName", SESSION, Syntax.bool(), true,
        "Whether the greeting and the Received header leave out the software's name.");
    /** The extensions IOS ESMTP inspection examines; STARTTLS is added when TLS is allowed. */
    public static final Setting<List<String>> EHLO_KEYWORDS = Setting.of("ehloKeywords", SESSION, Syntax.ehloKeywords(),
        List.of("SIZE", "PIPELINING", "8BITMIME", "BINARYMIME", "DSN", "ETRN", "AUTH", "ENHANCEDSTATUSCODES"),
        "The EHLO keywords that may be advertised; STARTTLS is added when allowTls is true.");
    /** IOS {@code max-data}. */
    public static final Setting<Long> MAX_DATA = Setting.of("maxData", SESSION, JamesUnits.size(1, Integer.MAX_VALUE),
        20_000_000L, "Largest message in octets; a larger one is refused with 552.");
    /** ASA {@code cmd RCPT count gt 100}. */
    public static final Setting<Integer> MAX_RECIPIENTS = Setting.of("maxRecipients", SESSION,
        Syntax.count(1, Integer.MAX_VALUE), 100, "Recipients per transaction; the next RCPT gets 452.");
    /** ASA {@code sender-address length gt 320}. */
    public static final Setting<Integer> MAX_ADDRESS_LENGTH = Setting.of("maxAddressLength", SESSION,
        Syntax.count(1, Integer.MAX_VALUE), 320,
        "Longest MAIL or RCPT address in characters; a longer one is a malicious pattern.");
    public static final Setting<MaliciousAddressAction> MALICIOUS_ADDRESS_ACTION = Setting.of("maliciousAddressAction",
        SESSION, Syntax.choice(MaliciousAddressAction::fromConfigName, MaliciousAddressAction::configName,
            "reject or drop-connection"), MaliciousAddressAction.REJECT,
        "What a malicious MAIL or RCPT address gets: 501 (reject), or 421 and the connection closed (drop-connection).");
    /**
     * RFC 5321 4.5.3.1.4 and ASA {@code cmd line length gt 512}: octets including CRLF, from the
     * shortest line that can carry a command ({@code QUIT<CRLF>}) to what James's framing passes.
     */
    public static final Setting<Integer> MAX_COMMAND_LINE_LENGTH = Setting.of("maxCommandLineLength", SESSION,
        Syntax.count(6, MailGuardConfig.FRAMING_LINE_LIMIT), 512,
        "Longest command line in octets, CRLF included; a longer one is refused with 500.");
    public static final Setting<Integer> MAX_UNKNOWN_COMMANDS = Setting.of("maxUnknownCommands", SESSION,
        Syntax.count(1, Integer.MAX_VALUE), 20,
        "Unknown, denied or empty commands a session may send before it gets 421 and is closed.");
    public static final Setting<Boolean> REJECT_BARE_CR_IN_DATA = Setting.of("rejectBareCrInData", SESSION, Syntax.bool(),
        true, "Whether a message holding a bare CR or NUL (SMTP smuggling) is refused with 554.");
    /**
     * Postfix's postscreen greet wait, in milliseconds. At 0 the greeting waits only until the input
     * already received has been read, which catches clients that talk at once without slowing those
     * that wait. Longer than 30 seconds, clients time out before the greeting (RFC 5321 4.5.3.2.1
     * allows them 5 minutes, but few wait).
     */
    public static final Setting<Integer> GREETING_DELAY = Setting.of("greetingDelay", SESSION, Syntax.count(0, 30_000), 0,
        "Milliseconds the greeting waits for a client that talks first; at 0 only for input already read.");
    /** Per listener: whatever reads the audit log parses one layout, whichever client a record is about. */
    public static final Setting<AuditFormat> AUDIT_FORMAT = Setting.of("auditFormat", LISTENER,
        Syntax.choice(AuditFormat::fromConfigName, AuditFormat::configName, "cisco or json"), AuditFormat.CISCO,
        "The layout of audit records: ASA text after a %MAILGUARD prefix (cisco), or one JSON object per line (json).");
    /** IOS {@code alert}: anomaly records on. */
    public static final Setting<Boolean> ALERT = Setting.of("alert", SESSION, Syntax.bool(), true,
        "Whether anomaly records are written; 108007 (TLS started) always is.");
    /** Postfix {@code warn_if_reject}. */
    public static final Setting<Boolean> DRY_RUN = Setting.of("dryRun", SESSION, Syntax.bool(), false,
        "Whether rules that would refuse only write 108005, James getting everything unchanged.");
    /** IOS {@code audit-trail}: off. */
    public static final Setting<Boolean> AUDIT_TRAIL = Setting.of("auditTrail", SESSION, Syntax.bool(), false,
        "Whether a record is written when each session starts (302013) and ends (302014).");

    /** Authenticated sessions are exempt anyway; a policy for trusted networks sets this. */
    public static final Setting<Boolean> PENALTY_BOX_EXEMPT = Setting.of("penaltyBoxExempt", SESSION, Syntax.bool(), false,
        "Whether the session's violations never count as strikes for the penalty box.");

    /** RFC 4954 section 4: no plaintext password mechanism without TLS; Postfix {@code smtpd_tls_auth_only}. */
    public static final Setting<Boolean> AUTH_REQUIRES_TLS = Setting.of("authRequiresTls", SESSION, Syntax.bool(), true,
        "Whether AUTH is kept out of the EHLO reply and refused with 538 until TLS has started.");
    /** Postfix {@code smtpd_hard_error_limit} for the errors that matter most on submission. */
    public static final Setting<Integer> MAX_AUTH_FAILURES = Setting.of("maxAuthFailures", SESSION,
        Syntax.count(1, 1000), 3,
        "Failed AUTH exchanges a session may have; after the last one it gets 421 and is closed.");
    /** Postfix {@code smtpd_client_connection_rate_limit}. */
    public static final Setting<Integer> MAX_CONNECTION_RATE = Setting.of("maxConnectionRate", SESSION,
        Syntax.count(0, 100_000_000), 0,
        "Connections per minute from one client; the next one gets 421 at connect (0: no limit).");
    /** Postfix {@code smtpd_client_message_rate_limit}. */
    public static final Setting<Integer> MAX_MESSAGE_RATE = Setting.of("maxMessageRate", SESSION,
        Syntax.count(0, 100_000_000), 0, "MAIL commands per minute from one client; the next one gets 452 (0: no limit).");
    /** Postfix {@code smtpd_client_recipient_rate_limit}. */
    public static final Setting<Integer> MAX_RECIPIENT_RATE = Setting.of("maxRecipientRate", SESSION,
        Syntax.count(0, 100_000_000), 0, "RCPT commands per minute from one client; the next one gets 452 (0: no limit).");

    /** ASA {@code match header line length gt 998}, RFC 5322 2.1.1; octets without the CRLF. */
    public static final Setting<Integer> MAX_HEADER_LINE_LENGTH = Setting.of("maxHeaderLineLength", SESSION,
        Syntax.count(0, MailGuardConfig.FRAMING_LINE_LIMIT), 998,
        "Longest line of the message header in octets, CRLF not counted (0: no limit).");
    public static final Setting<MessageAction> HEADER_LINE_ACTION = messageAction("headerLineAction",
        MessageAction.DROP_CONNECTION, "What a message with a longer header line gets.");
    /** ASA {@code match header length gt N}. */
    public static final Setting<Integer> MAX_HEADER_LENGTH = Setting.of("maxHeaderLength", SESSION,
        Syntax.count(0, Integer.MAX_VALUE), 0, "Largest message header section in octets, CRLFs counted (0: no limit).");
    public static final Setting<MessageAction> HEADER_LENGTH_ACTION = messageAction("headerLengthAction",
        MessageAction.REJECT, "What a message with a larger header section gets.");
    /** ASA {@code match header To-fields count gt N}, for To, Cc and Bcc together. */
    public static final Setting<Integer> MAX_HEADER_RECIPIENTS = Setting.of("maxHeaderRecipients", SESSION,
        Syntax.count(0, 1_000_000), 0, "Most addresses in the To, Cc and Bcc header fields together (0: no limit).");
    public static final Setting<MessageAction> HEADER_RECIPIENTS_ACTION = messageAction("headerRecipientsAction",
        MessageAction.REJECT, "What a message with more header addresses gets.");
    /** ASA {@code match body line length gt 998}, RFC 5322 2.1.1. */
    public static final Setting<Integer> MAX_BODY_LINE_LENGTH = Setting.of("maxBodyLineLength", SESSION,
        Syntax.count(0, MailGuardConfig.FRAMING_LINE_LIMIT), 998,
        "Longest line of the message body in octets, CRLF not counted (0: no limit).");
    public static final Setting<MessageAction> BODY_LINE_ACTION = messageAction("bodyLineAction", MessageAction.LOG,
        "What a message with a longer body line gets.");
    /** ASA {@code match MIME filename length gt 255}: the shape of attachment-name overflows in mail clients. */
    public static final Setting<Integer> MAX_MIME_FILENAME_LENGTH = Setting.of("maxMimeFilenameLength", SESSION,
        Syntax.count(0, Integer.MAX_VALUE), 255, "Longest attachment file name in characters, as decoded (0: no limit).");
    /** ASA {@code match MIME filetype}, on the name rather than on what the client claims the type is. */
    public static final Setting<List<Pattern>> DENY_MIME_FILENAMES = Setting.unset("denyMimeFilenames", SESSION,
        ContentSyntax.patterns(), List.of(), "none",
        "A regular expression matched, regardless of case, anywhere in attachment file names; repeatable.");
    public static final Setting<MessageAction> MIME_FILENAME_ACTION = messageAction("mimeFilenameAction",
        MessageAction.DROP_CONNECTION, "What a message with a too long or denied attachment file name gets.");
    public static final Setting<Set<String>> DENY_MIME_TYPES = Setting.unset("denyMimeTypes", SESSION,
        ContentSyntax.mediaTypes(), Set.of(), "none",
        "Media types no part may have (type/subtype or type/*), separated by spaces or commas; repeatable.");
    public static final Setting<MessageAction> MIME_TYPE_ACTION = messageAction("mimeTypeAction", MessageAction.REJECT,
        "What a message with a part of a denied media type gets.");
    /** ASA {@code match MIME encoding}. */
    public static final Setting<Set<String>> DENY_MIME_ENCODINGS = Setting.unset("denyMimeEncodings", SESSION,
        ContentSyntax.encodings(), Set.of(), "none",
        "Transfer encodings no part may have: 7bit 8bit binary base64 quoted-printable others; repeatable.");
    public static final Setting<MessageAction> MIME_ENCODING_ACTION = messageAction("mimeEncodingAction",
        MessageAction.REJECT, "What a message with a part in a denied transfer encoding gets.");
    /** ASA {@code match invalid-recipients count gt N}: address harvesting. */
    public static final Setting<Integer> MAX_INVALID_RECIPIENTS = Setting.of("maxInvalidRecipients", SESSION,
        Syntax.count(0, Integer.MAX_VALUE), 0,
        "RCPTs James may refuse with 5xx in a session; the next one gets 421 and the session is closed (0: no limit).");
    /** ASA {@code match sender-address regex}. */
    public static final Setting<List<Pattern>> DENY_SENDERS = Setting.unset("denySenders", SESSION,
        ContentSyntax.patterns(), List.of(), "none",
        "A regular expression matched, regardless of case, anywhere in the MAIL FROM address; repeatable.");

    /** The handler element's settings; the list gives each its index and is the order they are read in. */
    public static final SettingGroup HANDLER = new SettingGroup("handler", List.of(MODE, ALLOW_TLS, ALLOW, DENY,
        MASK_BANNER, BANNER_NAME, MASK_SOFTWARE_NAME, EHLO_KEYWORDS, MAX_DATA, MAX_RECIPIENTS, MAX_ADDRESS_LENGTH,
        MALICIOUS_ADDRESS_ACTION, MAX_COMMAND_LINE_LENGTH, MAX_UNKNOWN_COMMANDS, REJECT_BARE_CR_IN_DATA, GREETING_DELAY,
        AUDIT_FORMAT, ALERT, DRY_RUN, AUDIT_TRAIL, PENALTY_BOX_EXEMPT, AUTH_REQUIRES_TLS, MAX_AUTH_FAILURES,
        MAX_CONNECTION_RATE, MAX_MESSAGE_RATE, MAX_RECIPIENT_RATE, MAX_HEADER_LINE_LENGTH, HEADER_LINE_ACTION,
        MAX_HEADER_LENGTH, HEADER_LENGTH_ACTION, MAX_HEADER_RECIPIENTS, HEADER_RECIPIENTS_ACTION, MAX_BODY_LINE_LENGTH,
        BODY_LINE_ACTION, MAX_MIME_FILENAME_LENGTH, DENY_MIME_FILENAMES, MIME_FILENAME_ACTION, DENY_MIME_TYPES,
        MIME_TYPE_ACTION, DENY_MIME_ENCODINGS, MIME_ENCODING_ACTION, MAX_INVALID_RECIPIENTS, DENY_SENDERS));
    /** The handler element's settings in document order. */
    public static final List<Setting<?>> ALL = HANDLER.settings();

    /** Unique within the handler: it names the policy in records, metric names and the status route. */
    public static final Setting<String> POLICY_NAME = Setting.requiredAttribute("name", POLICY, PolicySyntax.name(),
        "Names the policy in records, trace lines, the status route and metric names.");
    public static final Setting<List<Cidr>> CLIENTS = Setting.unset("clients", POLICY, PolicySyntax.networks(), List.of(),
        "none", "A session whose client address is in one of these networks starts under the policy.");
    public static final Setting<Boolean> AUTHENTICATED = Setting.of("authenticated", POLICY, PolicySyntax.flag(), false,
        "Whether the policy applies from a successful AUTH to the end of the session.");
    /** A {@code <policy>}'s own settings; the handler's SESSION settings may be set in it too. */
    public static final SettingGroup POLICY_SETTINGS = new SettingGroup("policy", List.of(POLICY_NAME, CLIENTS,
        AUTHENTICATED));

    /** The store in the node's heap. */
    public static final String MEMORY_STORE = "memory";
    /** The Redis James's own {@code conf/redis.properties} names. */
    public static final String REDIS_PROPERTIES_STORE = "redis";
    /** Strikes within the window that box a client: the ASA's {@code shun} after a few scans. */
    public static final Setting<Integer> THRESHOLD = Setting.of("threshold", LISTENER, Syntax.count(1, 1000), 3,
        "Protocol violation strikes within the window that box a client.");
    /** Counted apart from violations: guessing passwords is not breaking the protocol. */
    public static final Setting<Integer> AUTH_THRESHOLD = Setting.of("authThreshold", LISTENER, Syntax.count(1, 1000), 5,
        "Failed AUTH exchanges within the window that box a client.");
    public static final Setting<Duration> WINDOW = Setting.of("window", LISTENER, JamesUnits.duration(),
        Duration.ofMinutes(10), "How close together the strikes must be.");
    public static final Setting<Duration> DURATION = Setting.of("duration", LISTENER, JamesUnits.duration(),
        Duration.ofMinutes(30), "How long a boxed client is refused at connect.");
    public static final Setting<String> STORE = Setting.of("store", LISTENER, StoreSyntax.store(), MEMORY_STORE,
        "Where strikes and boxed clients are kept: memory, or a Redis shared by every node.");
    /** jvm: Lettuce trusts what the JVM trusts ({@code javax.net.ssl.trustStore}, else the JDK's CAs). */
    public static final Setting<Optional<String>> REDIS_TRUST_STORE = Setting.of("redisTrustStore", LISTENER,
        StoreSyntax.trustStore(), Optional.empty(),
        "What a TLS Redis (rediss://) is checked against: the JVM's trust store, or a PEM file of CA certificates.");
    /** Bounds the heap whatever the flood of addresses. */
    public static final Setting<Integer> MAX_ENTRIES = Setting.of("maxEntries", LISTENER, Syntax.count(1, 10_000_000),
        100_000, "Most clients the memory store remembers, the oldest forgotten first.");
    /** The rate settings say "per minute": shorter only for tests. */
    public static final Setting<Duration> RATE_WINDOW = Setting.of("rateWindow", LISTENER, JamesUnits.duration(),
        Duration.ofMinutes(1), "What the per-client rates are counted over.");
    /** The {@code <penaltyBox>} element's settings. */
    public static final SettingGroup PENALTY_BOX = new SettingGroup("penaltyBox", List.of(THRESHOLD, AUTH_THRESHOLD,
        WINDOW, DURATION, STORE, REDIS_TRUST_STORE, MAX_ENTRIES, RATE_WINDOW));

    /** Every group, each read from its own kind of element. */
    public static final List<SettingGroup> GROUPS = List.of(HANDLER, POLICY_SETTINGS, PENALTY_BOX);

    private Settings() {
    }

    private static Setting<MessageAction> messageAction(String element, MessageAction defaultAction, String description) {
        return Setting.of(element, SESSION, Syntax.choice(MessageAction::fromConfigName, MessageAction::configName,
            "drop-connection, reject or log"), defaultAction, description);
    }
}
