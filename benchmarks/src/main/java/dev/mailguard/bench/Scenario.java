package dev.mailguard.bench;

import java.util.ArrayList;
import java.util.List;

/** One load shape of the end-to-end comparison: connection use, message size and concurrent sessions. */
final class Scenario {
    private final boolean connectionPerMessage;
    private final int messageBytes;
    private final int sessions;

    Scenario(boolean connectionPerMessage, int messageBytes, int sessions) {
        this.connectionPerMessage = connectionPerMessage;
        this.messageBytes = messageBytes;
        this.sessions = sessions;
    }

    /** The eight scenarios: new or reused connections, 1 KB or 100 KB, 1 or 20 sessions. */
    static List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>();
        for (boolean connectionPerMessage : new boolean[] {true, false}) {
            for (int size : new int[] {1024, 100 * 1024}) {
                for (int sessions : new int[] {1, 20}) {
                    scenarios.add(new Scenario(connectionPerMessage, size, sessions));
                }
            }
        }
        return scenarios;
    }

    boolean connectionPerMessage() {
        return connectionPerMessage;
    }

    int messageBytes() {
        return messageBytes;
    }

    int sessions() {
        return sessions;
    }

    @Override
    public String toString() {
        return (connectionPerMessage ? "new connection" : "reused connection") + ", "
            + (messageBytes / 1024) + " KB, " + sessions + (sessions == 1 ? " session" : " sessions");
    }
}
