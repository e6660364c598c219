package dev.mailguard.james;

import dev.mailguard.core.audit.AuditRecord;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.smtp.SmtpReply;
import io.netty.channel.ChannelHandlerContext;

/**
 * The greeting held back for {@code greetingDelay} milliseconds, and the connection's answer to a
 * client that talks before it: {@code 554 5.5.1 Protocol error} instead of the greeting, then close.
 * James writes the 220 as soon as the connection is accepted, so without a wait a client that talks
 * first could not be told from one that waited. Shared by the watchers in front of and behind James's
 * framing layer, either of which may see the first input. Event loop only.
 */
final class GreetingHold {
    private static final Decision TALK_BEFORE_GREETING = Decision.refuseAndClose(SmtpReply.PROTOCOL_ERROR, AuditRecord::preGreetingTraffic)
        .strike();

    private final MailGuardSession session;
    private final OutputWatch output;
    /** In front of {@link OutputWatch}, so that a refusal written here is not held with the greeting. */
    private ChannelHandlerContext replies;
    private boolean refused;
    private boolean talkNoted;

    GreetingHold(MailGuardSession session, OutputWatch output) {
        this.session = session;
        this.output = output;
    }

    /** Where refusals are written: the context of the watcher in front of {@link OutputWatch}. */
    void replyThrough(ChannelHandlerContext context) {
        replies = context;
    }

    /** Whether the greeting is still held back (or was refused), so that anything the client sent came before it. */
    boolean held() {
        return output.holding() || refused;
    }

    boolean refused() {
        return refused;
    }

    /** The wait is over: the greeting goes, unless it was refused or {@code talkedFirst} makes it so. */
    void release(boolean talkedFirst) {
        if (!output.holding() || refused || talkedFirst && refusesTalkBeforeGreeting()) {
            return;
        }
        output.release();
    }

    /**
     * The client talked before the greeting: returns whether its input is refused. In a dry run it
     * is recorded once and goes on to James.
     */
    boolean refusesTalkBeforeGreeting() {
        if (refused || talkNoted) {
            return refused;
        }
        talkNoted = true;
        if (!session.apply(TALK_BEFORE_GREETING)) {
            return false;
        }
        refuse(TALK_BEFORE_GREETING);
        return true;
    }

    /** Refuses the connection instead of the greeting, which is never sent: for a boxed client a PROXY header names. */
    void refuse(Decision refusal) {
        refused = true;
        output.discard();
        Enforcement.reply(replies, refusal);
    }

    /** The connection closed: nothing held goes out. */
    void closed() {
        output.discard();
    }
}
