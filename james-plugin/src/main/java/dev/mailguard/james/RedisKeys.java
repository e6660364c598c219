package dev.mailguard.james;

import java.util.Map;
import java.util.Optional;

import dev.mailguard.core.penalty.StrikeRule;

/**
 * The names the Redis penalty store writes and listens to, in one place, as reference.md documents
 * them: every key under {@code mailguard:}, and the channel on which nodes tell each other of boxes
 * and releases. The client in a key is a hash tag ({@code {192.0.2.1}}): on a Cluster all the keys of
 * one client are in one slot, so that each script touches one node, and clients spread over all.
 */
final class RedisKeys {
    /** Violations' key is the one nodes that count no other kind use too, so that a mixed cluster agrees. */
    static final String STRIKES = "mailguard:strikes:";
    static final String AUTH_STRIKES = "mailguard:auth-strikes:";
    static final String BOX = "mailguard:box:";
    static final String RATE = "mailguard:rate:";
    static final Map<String, String> STRIKES_BY_KIND = Map.of(StrikeRule.VIOLATIONS, STRIKES,
        StrikeRule.AUTH_FAILURES, AUTH_STRIKES);
    /** Pub/sub channels are shared by every database of a Redis, hence the database in the name. */
    private static final String CHANNEL = "mailguard:box-events:";
    private static final String BOXED = "box ";
    private static final String RELEASED = "release ";

    private RedisKeys() {
    }

    static String box(String client) {
        return BOX + tagged(client);
    }

    /** The key of {@code client}'s strikes of one kind ({@link #STRIKES_BY_KIND}'s, or {@link #STRIKES}). */
    static String strikes(String kindPrefix, String client) {
        return kindPrefix + tagged(client);
    }

    /** The key of {@code counter}'s buckets for {@code client}, but the bucket the script adds. */
    static String rate(String counter, String client) {
        return RATE + counter + ":" + tagged(client) + ":";
    }

    /** The client whose box {@code key} is: the inside of the hash tag. */
    static String clientOfBox(String key) {
        String tagged = key.substring(BOX.length());
        return tagged.startsWith("{") && tagged.endsWith("}") ? tagged.substring(1, tagged.length() - 1) : tagged;
    }

    private static String tagged(String client) {
        return "{" + client + "}";
    }

    static String channel(int database) {
        return CHANNEL + database;
    }

    /** The message that {@code client} is boxed for {@code millis} from now. */
    static String boxedMessage(String client, long millis) {
        return BOXED + millis + " " + client;
    }

    static String releasedMessage(String client) {
        return RELEASED + client;
    }

    /**
     * What a message on the channel says; empty for one this version does not know. The script that
     * publishes puts its version (Redis's clock) in front of the message it was given.
     */
    static Optional<BoxEvent> event(String message) {
        int afterVersion = message.indexOf(' ') + 1;
        try {
            long version = Long.parseLong(message.substring(0, Math.max(afterVersion - 1, 0)));
            if (message.startsWith(RELEASED, afterVersion)) {
                return Optional.of(new BoxEvent(message.substring(afterVersion + RELEASED.length()), -1, version));
            }
            int space = message.indexOf(' ', afterVersion + BOXED.length());
            if (!message.startsWith(BOXED, afterVersion) || space < 0) {
                return Optional.empty();
            }
            return Optional.of(new BoxEvent(message.substring(space + 1),
                Long.parseLong(message.substring(afterVersion + BOXED.length(), space)), version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A client boxed for {@code millis} from when the message was sent, or released ({@code millis} -1). */
    static final class BoxEvent {
        final String client;
        final long millis;
        final long version;

        BoxEvent(String client, long millis, long version) {
            this.client = client;
            this.millis = millis;
            this.version = version;
        }

        boolean released() {
            return millis < 0;
        }
    }
}
