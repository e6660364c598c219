package dev.mailguard.core.audit;

/**
 * What one session did, for the {@code auditTrail} end record (IOS {@code audit-trail}): octets each
 * way and the command lines MailGuard judged and refused. One instance per connection, used from its
 * event loop only.
 */
public final class SessionCounts {
    private long octetsFromClient;
    private long octetsToClient;
    private long commands;
    private long refused;

    public void fromClient(int octets) {
        octetsFromClient += octets;
    }

    public void toClient(int octets) {
        octetsToClient += octets;
    }

    /** A command line was judged; {@code passed} false when MailGuard answered it instead of James. */
    public void command(boolean passed) {
        commands++;
        if (!passed) {
            refused++;
        }
    }

    public long octetsFromClient() {
        return octetsFromClient;
    }

    public long octetsToClient() {
        return octetsToClient;
    }

    public long commands() {
        return commands;
    }

    public long refused() {
        return refused;
    }
}
