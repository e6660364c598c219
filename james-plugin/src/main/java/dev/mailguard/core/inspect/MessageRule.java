package dev.mailguard.core.inspect;

import java.util.Locale;

import dev.mailguard.core.config.MessageAction;
import dev.mailguard.core.config.Setting;
import dev.mailguard.core.config.Settings;
import dev.mailguard.core.smtp.SmtpReply;

/**
 * The rules on what a message says about itself (docs/reference.md, "Message rules"): the ASA's
 * ESMTP policy-map {@code match} criteria on header, body and MIME parts. Each answers with its own
 * reply and takes its action from its own setting.
 */
public enum MessageRule {
    HEADER_LINE_LENGTH(SmtpReply.HEADER_LINE_TOO_LONG, Settings.HEADER_LINE_ACTION),
    HEADER_LENGTH(SmtpReply.HEADER_TOO_LONG, Settings.HEADER_LENGTH_ACTION),
    HEADER_RECIPIENTS(SmtpReply.TOO_MANY_HEADER_RECIPIENTS, Settings.HEADER_RECIPIENTS_ACTION),
    BODY_LINE_LENGTH(SmtpReply.BODY_LINE_TOO_LONG, Settings.BODY_LINE_ACTION),
    MIME_FILENAME_LENGTH(SmtpReply.MIME_FILENAME_TOO_LONG, Settings.MIME_FILENAME_ACTION),
    MIME_FILENAME(SmtpReply.MIME_FILENAME_DENIED, Settings.MIME_FILENAME_ACTION),
    MIME_TYPE(SmtpReply.MIME_TYPE_DENIED, Settings.MIME_TYPE_ACTION),
    MIME_ENCODING(SmtpReply.MIME_ENCODING_DENIED, Settings.MIME_ENCODING_ACTION);

    private final SmtpReply reply;
    private final Setting<MessageAction> action;

    MessageRule(SmtpReply reply, Setting<MessageAction> action) {
        this.reply = reply;
        this.action = action;
    }

    /** Lower case with hyphens, as in metric names, records and the status route: {@code header-line-length}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public SmtpReply reply() {
        return reply;
    }

    public Setting<MessageAction> action() {
        return action;
    }
}
