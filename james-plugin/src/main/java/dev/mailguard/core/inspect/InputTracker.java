package dev.mailguard.core.inspect;

/**
 * Where a connection's input stands, for the checks that depend on <em>when</em> bytes arrived
 * rather than what they say: a command sent before the reply to the previous one (pipelining where
 * PIPELINING was not advertised), message content sent before the 354 reply to DATA, and a command
 * line cut off by the connection closing.
 *
 * <p>Two counts make this work: octets received from the network, counted as they arrive, and
 * octets of the lines handed to the SMTP handlers, counted as the framing layer delivers them. When
 * a line is handled while more octets have already arrived, the client sent them before it could
 * have seen the reply to that line. That is Postfix's test (unread input behind the current command),
 * not a timer, so a client that waits is never caught. Counting octets costs the same for a line
 * and for a megabyte, so it runs whether or not PIPELINING was advertised.
 *
 * <p>The count of handled octets never passes the count received: octets the framing layer had
 * before this tracker saw the connection, and lines it discarded as too long, would otherwise make
 * the counts disagree for the rest of the session. Where the two cannot be matched exactly, the
 * input waiting is taken as none: a line the client sent early then can go unnoticed, but a client
 * that waits is never taken for one that did not.
 *
 * <p>One instance per connection, used from the connection's event loop only.
 */
public final class InputTracker {
    private long octetsReceived;
    private long octetsHandled;
    private boolean midLine;
    private long linesHandled;
    private long earlyLine = -1;
    private boolean pipeliningAdvertised;

    /** Octets arrived, and whether they end inside a line. */
    public void received(int octets, boolean endsMidLine) {
        octetsReceived += octets;
        midLine = endsMidLine;
    }

    /** PIPELINING was advertised (EHLO) or no longer is (HELO, STARTTLS). */
    public void pipeliningAdvertised(boolean advertised) {
        pipeliningAdvertised = advertised;
    }

    /** The framing layer hands over the next line, {@code octets} long with its line end. */
    public void lineHandled(int octets) {
        linesHandled++;
        octetsHandled = Math.min(octetsHandled + octets, octetsReceived);
    }

    /**
     * The framing layer dropped a line too long to hand over. How much of what arrived it dropped is
     * not known, so whatever arrived so far is taken as handled.
     */
    public void lineDiscarded() {
        linesHandled++;
        octetsHandled = octetsReceived;
    }

    /**
     * Whether octets beyond the line being handled have already arrived: sent before the client could
     * read the reply to that line.
     */
    public boolean inputWaiting() {
        return octetsReceived > octetsHandled;
    }

    /**
     * Whether the command line being handled was sent before the reply to the previous command,
     * where that was not allowed.
     */
    public boolean commandSentEarly() {
        return linesHandled == earlyLine;
    }

    /**
     * The command line being handled will be answered: when more input already waits behind it and
     * PIPELINING has not been advertised, the next line was sent too early.
     */
    public void commandAwaitsReply() {
        awaitReply();
    }

    /**
     * The line that ends a message was handed over: like a command, it must be answered before the
     * client goes on, unless PIPELINING was advertised. A command written behind it in the same burst
     * is the usual shape of SMTP smuggling.
     */
    public void messageEnded() {
        awaitReply();
    }

    private void awaitReply() {
        if (!pipeliningAdvertised && inputWaiting()) {
            earlyLine = linesHandled + 1;
        }
    }

    /** At close: a line had begun and not ended, so the framing layer discarded it. */
    public boolean endsMidLine() {
        return midLine;
    }
}
