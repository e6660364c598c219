package dev.mailguard.core.inspect;

import java.util.List;

import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.MessageRecords;
import dev.mailguard.core.config.MailGuardConfig;
import dev.mailguard.core.config.MessageAction;

/** A message broke one of the {@link MessageRule}s; {@code matched} says how, in the ASA's words. */
public final class RuleMatch {
    private final MessageRule rule;
    private final String matched;

    public RuleMatch(MessageRule rule, String matched) {
        this.rule = rule;
        this.matched = matched;
    }

    /** Adds a match of {@code rule} to {@code matches} unless it holds one: each rule matches once per message. */
    static void addOnce(List<RuleMatch> matches, MessageRule rule, String matched) {
        for (RuleMatch match : matches) {
            if (match.rule == rule) {
                return;
            }
        }
        matches.add(new RuleMatch(rule, matched));
    }

    public MessageRule rule() {
        return rule;
    }

    /** What the rule's action setting in {@code config} makes of it; a drop-connection match is a strike. */
    public Decision decision(MailGuardConfig config) {
        MessageAction action = config.get(rule.action());
        String event = rule.key();
        switch (action) {
            case LOG:
                return Decision.note(endpoints -> MessageRecords.messageRuleLogged(endpoints, event, matched));
            case REJECT:
                return Decision.refuse(rule.reply(), endpoints -> MessageRecords.messageRule(endpoints, event, matched, false));
            default:
                return Decision.refuseAndClose(rule.reply(), endpoints -> MessageRecords.messageRule(endpoints, event, matched, true))
                    .strike();
        }
    }

    /** Whether it refuses the message under {@code config}, and so whether it is the message's answer. */
    public MessageAction action(MailGuardConfig config) {
        return config.get(rule.action());
    }

    @Override
    public String toString() {
        return rule.key() + ": " + matched;
    }
}
