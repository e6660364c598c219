package dev.mailguard.core.inspect;

import java.util.List;
import java.util.function.Consumer;

import dev.mailguard.core.smtp.LineFraming.DataAnomaly;
import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.smtp.LineFraming;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * The content checks of the connection's current message, line by line as the client sent it
 * (docs/reference.md, "Line discipline" and IOS {@code max-data}), and what they found, for the refusal at its end.
 *
 * <ul>
 *   <li>SMTP smuggling. A line not ended by CRLF ({@code \n.\n} and the like) is recorded and passed
 *       on: James refuses it itself ({@code james.prevent.smtp.smuggling}) and closes the session. A
 *       bare CR or a NUL ({@code \r.\r}, {@code \r\n\x00.\r\n}) James would store verbatim, for a
 *       downstream server to split into two messages: with {@code rejectBareCrInData} the rest of the
 *       message is not passed on, and at its end the whole message is refused.</li>
 *   <li>A line the framing layer dropped as too long refuses the message too.</li>
 *   <li>The line rules of {@link MessageLines}, answered at the message's end.</li>
 *   <li>{@code maxData}: the message octets are counted as they arrive, whatever SIZE declared. Past
 *       the limit the rest of the message is not passed on, and at its end the message is refused.</li>
 * </ul>
 *
 * <p>What it finds it hands as a {@link Decision} to the adapter, which records and counts it; the
 * message is cut only where the message's policy enforces refusals (not in a dry run).
 *
 * <p>One instance per connection, used from the connection's event loop only, started anew by each
 * DATA that James answers with 354. Kept in plain fields: it runs on every line of every message.
 */
public final class MessageContent {
    private static final byte DOT = '.';
    private static final Decision BARE_LF = Decision.note(AuditRecord::dataBareLf).strike();
    private static final Decision BARE_CR_OR_NUL = Decision.refuse(SmtpReply.BARE_CR_OR_NUL_IN_DATA, AuditRecord::dataBareCrOrNul)
        .strike();
    private static final Decision LINE_TOO_LONG = Decision.refuse(SmtpReply.LINE_TOO_LONG,
        endpoints -> AuditRecord.dataLineTooLong(endpoints, MailGuardConfig.FRAMING_LINE_LIMIT)).strike();

    private final boolean bareLfEndsSession;
    private final MessageLines lines = new MessageLines();
    /** The settings of the message being checked, from {@link #start}; none before the first message. */
    private MailGuardConfig config;
    private boolean open;
    private long octets;
    private boolean bareCrOrNul;
    /** A bare CR or NUL was decided on: once per message, so a dry run records (and strikes) it once too. */
    private boolean bareCrOrNulSeen;
    private boolean lineLost;
    private boolean overlongLineSeen;

    /**
     * @param bareLfEndsSession whether the server refuses a line not ended by CRLF and closes the
     *     session (James's {@code james.prevent.smtp.smuggling}), so that the message ends there
     */
    public MessageContent(boolean bareLfEndsSession) {
        this.bareLfEndsSession = bareLfEndsSession;
    }

    /**
     * James answered DATA with 354: the lines that follow are a new message's content, checked with
     * the settings of the session's policy at that moment.
     */
    public void start(MailGuardConfig config) {
        this.config = config;
        lines.start(config);
        open = true;
        octets = 0;
        bareCrOrNul = false;
        bareCrOrNulSeen = false;
        lineLost = false;
        overlongLineSeen = false;
    }

    /** Whether lines are message content now: from the 354 to the line James takes as the end of data. */
    public boolean isOpen() {
        return open;
    }

    /**
     * A line of the message, its first {@code length} octets in {@code line}: whether it goes on to
     * James. The line that ends the message always does, and closes the content.
     *
     * @param decisions carries out what the line shows (records it, counts it, strikes)
     */
    public boolean passes(byte[] line, int length, Consumer<Decision> decisions) {
        if (LineFraming.isEndOfData(line, length)) {
            open = false;
            return true;
        }
        if (bareCrOrNul) {
            return false;
        }
        DataAnomaly anomaly = LineFraming.dataAnomaly(line, length);
        if (anomaly == DataAnomaly.BARE_LF) {
            decisions.accept(BARE_LF);
            if (bareLfEndsSession) {
                open = false; // James answers this line and closes: nothing after it is content
                return true;
            }
        } else if (anomaly == DataAnomaly.BARE_CR_OR_NUL && config.rejectBareCrInData() && !bareCrOrNulSeen) {
            bareCrOrNulSeen = true;
            decisions.accept(BARE_CR_OR_NUL);
            if (!config.dryRun()) {
                bareCrOrNul = true;
                return false;
            }
        }
        // the transparency dot (RFC 5321 4.5.2) is not content
        boolean stuffed = length > 1 && line[0] == DOT && line[1] == DOT;
        octets += stuffed ? length - 1 : length;
        lines.line(line, length, stuffed);
        if (octets > config.maxData() && !config.dryRun()) {
            return false; // not stored: the message will be refused at its end
        }
        if (length == 3 && line[0] == DOT) {
            open = false; // James ends the message on any three octets starting with a dot (a bare-LF one too, when it lets bare LFs in)
        }
        return true;
    }

    /**
     * The framing layer dropped a line of the message as too long: unless in a dry run the message is
     * refused at its end. Returns the decision to carry out at the message's first such line (one
     * record, one strike per message), null at the others.
     */
    public Decision lineDropped() {
        if (!config.dryRun()) {
            lineLost = true; // answered at the end of the message, where the client reads a reply
        }
        if (overlongLineSeen) {
            return null;
        }
        overlongLineSeen = true;
        return LINE_TOO_LONG;
    }

    /** Whether the last message lost a line to the framing limit. */
    public boolean lostALine() {
        return lineLost;
    }

    /** Whether the last message held a bare CR or a NUL and was cut there. */
    public boolean hadBareCrOrNul() {
        return bareCrOrNul;
    }

    /** The line rules the last message broke (header and body line lengths, header section length). */
    public List<RuleMatch> lineRuleMatches() {
        return lines.matches();
    }

    /** Whether the last message's header had a {@code Content-} field, so that it may have parts for the MIME rules. */
    public boolean mayHaveParts() {
        return lines.hasContentFields();
    }

    /** The last message's octets, as counted for {@code maxData}. */
    public long octets() {
        return octets;
    }
}
