package dev.mailguard.core;

import java.util.Set;

/** What the policy needs to know about the session a command arrives in. */
public interface SessionFacts {
    /** Upper-case EHLO keywords advertised to this session; empty before EHLO, after HELO or STARTTLS. */
    Set<String> advertisedKeywords();

    /** Recipients James has accepted in the current transaction. */
    int recipientCount();
}
