package dev.mailguard.core.inspect;

import java.util.Set;

/** What the policy needs to know about the session a command arrives in. */
public interface SessionFacts {
    /** Upper-case EHLO keywords advertised to this session; empty before EHLO, after HELO or STARTTLS. */
    Set<String> advertisedKeywords();

    /** Recipients James has accepted in the current transaction. */
    int recipientCount();

    /** Unknown, denied or empty commands the session has sent so far. */
    int unrecognizedCommands();

    /** The command was sent before the reply to the previous one, where PIPELINING was not advertised. */
    boolean sentBeforePreviousReply();

    /** TLS protects the session: started with STARTTLS, or from the first byte (implicit TLS). */
    boolean tlsStarted();

    /** More input has already arrived behind this command line, sent before its reply could be read. */
    boolean inputBehindCommand();
}
