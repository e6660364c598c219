package dev.mailguard.james;

import dev.mailguard.core.InputTracker;
import dev.mailguard.core.MessageContent;
import dev.mailguard.core.SessionCounts;

/**
 * What {@link LineDiscipline}'s watchers keep for one connection, shared with the handlers that
 * reach it through the session: one attachment, looked up once per command, instead of one each.
 */
final class ConnectionWatch {
    final InputTracker tracker = new InputTracker();
    final MessageContent content;
    final SessionCounts counts = new SessionCounts();

    ConnectionWatch(MessageContent content) {
        this.content = content;
    }
}
