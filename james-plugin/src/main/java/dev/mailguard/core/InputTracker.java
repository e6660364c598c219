package dev.mailguard.core;

/**
 * Where a connection's input stands, for the checks that depend on <em>when</em> bytes arrived
 * rather than what they say: a command sent before the reply to the previous one (pipelining where
 * PIPELINING was not advertised), talk before the greeting, and a command line cut off by the
 * connection closing.
 *
 * <p>Two counts make this work: line ends received from the network, counted as bytes arrive, and
 * lines handed to the SMTP handlers, counted as the framing layer delivers them. When a line is
 * handed over while the first count is already ahead, or bytes of a further line have arrived, the
 * client sent more before it could have seen the reply to that line. That is Postfix's test (unread
 * input behind the current command), not a timer, so a client that waits is never caught.
 *
 * <p>One instance per connection, used from the connection's event loop only.
 */
public final class InputTracker {
    private long lineEndsReceived;
    private boolean midLine;
    private long linesHandled;
    private boolean inputBehindCurrentLine;
    private long earlyLine = -1;
    private boolean pipeliningAdvertised;

    /**
     * Whether {@link #received} needs the LF count of the bytes: not while PIPELINING is advertised,
     * when nothing a client sends early is refused. Counting is a scan of every octet received, so
     * the common ESMTP session, message content included, goes without it.
     */
    public boolean countsLineEnds() {
        return !pipeliningAdvertised;
    }

    /** Bytes arrived: {@code lineEnds} LF octets among them (0 when not counted), and whether they end inside a line. */
    public void received(int lineEnds, boolean endsMidLine) {
        lineEndsReceived += lineEnds;
        midLine = endsMidLine;
    }

    /**
     * PIPELINING was advertised (EHLO) or no longer is (HELO, STARTTLS). When counting starts again,
     * input already waiting is taken as none, since its line ends went uncounted: a line the client
     * sent early then can go unnoticed, but a client that waits is never taken for one that did not.
     */
    public void pipeliningAdvertised(boolean advertised) {
        if (pipeliningAdvertised && !advertised) {
            lineEndsReceived = linesHandled;
        }
        pipeliningAdvertised = advertised;
    }

    /** The framing layer hands over the next line (or reports one too long to hand over). */
    public void lineHandled() {
        linesHandled++;
        inputBehindCurrentLine = lineEndsReceived > linesHandled || midLine;
    }

    /**
     * A command line reaches MailGuard. Returns whether it was sent before the reply to the previous
     * command, where that was not allowed; and, when more input already waits behind this line and
     * PIPELINING has not been advertised, marks the next line as sent too early.
     */
    public boolean commandArrived() {
        boolean early = linesHandled == earlyLine;
        if (!pipeliningAdvertised && inputBehindCurrentLine) {
            earlyLine = linesHandled + 1;
        }
        return early;
    }

    /** At close: a line had begun and not ended, so the framing layer discarded it. */
    public boolean endsMidLine() {
        return midLine;
    }
}
