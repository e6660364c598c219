package dev.mailguard.core.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mailguard.core.audit.AuditText;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.Settings;

/**
 * The rules on a message's MIME parts and header addresses, judged on what a MIME parser read from
 * each part's header: its file name (decoded), media type and declared transfer encoding, and the
 * number of addresses in the message's To, Cc and Bcc fields. One per message; each rule matches
 * once per message.
 */
public final class PartRules {
    /** The transfer encodings {@code denyMimeEncodings} names; any other declared value is {@code others}. */
    private static final Set<String> NAMED_ENCODINGS = Set.of("7bit", "8bit", "binary", "base64", "quoted-printable");

    private final int maxFilenameLength;
    private final List<Pattern> deniedFilenames;
    private final Set<String> deniedTypes;
    private final Set<String> deniedEncodings;
    private final int maxHeaderRecipients;
    private final List<RuleMatch> matches = new ArrayList<>(1);

    public PartRules(MailGuardConfig config) {
        maxFilenameLength = config.get(Settings.MAX_MIME_FILENAME_LENGTH);
        deniedFilenames = config.get(Settings.DENY_MIME_FILENAMES);
        deniedTypes = config.get(Settings.DENY_MIME_TYPES);
        deniedEncodings = config.get(Settings.DENY_MIME_ENCODINGS);
        maxHeaderRecipients = config.get(Settings.MAX_HEADER_RECIPIENTS);
    }

    /**
     * Whether a message must be read for these rules under {@code config}: when the header addresses
     * are counted, or when a MIME rule is on and the message may have parts ({@code mayHaveParts}).
     */
    public static boolean readStructure(MailGuardConfig config, boolean mayHaveParts) {
        if (config.get(Settings.MAX_HEADER_RECIPIENTS) > 0) {
            return true;
        }
        return mayHaveParts && (config.get(Settings.MAX_MIME_FILENAME_LENGTH) > 0 || !config.get(Settings.DENY_MIME_FILENAMES).isEmpty()
            || !config.get(Settings.DENY_MIME_TYPES).isEmpty() || !config.get(Settings.DENY_MIME_ENCODINGS).isEmpty());
    }

    /** Whether the addresses of the message's To, Cc and Bcc fields are to be counted. */
    public boolean countsHeaderRecipients() {
        return maxHeaderRecipients > 0;
    }

    /** The message header's To, Cc and Bcc fields hold {@code count} addresses together. */
    public void headerRecipients(int count) {
        if (maxHeaderRecipients > 0 && count > maxHeaderRecipients) {
            RuleMatch.addOnce(matches, MessageRule.HEADER_RECIPIENTS, "header To-fields count gt " + maxHeaderRecipients);
        }
    }

    /**
     * One part's header was read.
     *
     * @param filename its decoded file name, from Content-Disposition or else Content-Type; null for none
     * @param mediaType its media type in lower case, {@code type/subtype}
     * @param encoding the transfer encoding it declares, in lower case; null for none
     */
    public void part(String filename, String mediaType, String encoding) {
        if (filename != null) {
            if (maxFilenameLength > 0 && filename.codePointCount(0, filename.length()) > maxFilenameLength) {
                RuleMatch.addOnce(matches, MessageRule.MIME_FILENAME_LENGTH, "MIME filename length gt " + maxFilenameLength);
            }
            for (Pattern denied : deniedFilenames) {
                if (denied.matcher(filename).find()) {
                    RuleMatch.addOnce(matches, MessageRule.MIME_FILENAME, "MIME filetype " + AuditText.escape(filename));
                    break;
                }
            }
        }
        if (mediaType != null && (deniedTypes.contains(mediaType)
                || deniedTypes.contains(mediaType.substring(0, Math.max(mediaType.indexOf('/'), 0)) + "/*"))) {
            RuleMatch.addOnce(matches, MessageRule.MIME_TYPE, "MIME filetype " + AuditText.escape(mediaType));
        }
        if (encoding != null && !deniedEncodings.isEmpty()) {
            String named = NAMED_ENCODINGS.contains(encoding) ? encoding : "others";
            if (deniedEncodings.contains(named)) {
                RuleMatch.addOnce(matches, MessageRule.MIME_ENCODING, "MIME encoding " + AuditText.escape(encoding.toLowerCase(Locale.ROOT)));
            }
        }
    }


    /** What the message's parts and header addresses broke, in the order found. */
    public List<RuleMatch> matches() {
        return matches;
    }
}
