package dev.mailguard.core.penalty;

import java.time.Instant;

/** A boxed client as the penalty list shows it: its key, the strikes that boxed it, when it is let in again. */
public final class Penalty {
    private final String client;
    private final int strikes;
    private final Instant expires;

    public Penalty(String client, int strikes, Instant expires) {
        this.client = client;
        this.strikes = strikes;
        this.expires = expires;
    }

    /** {@link PenaltyKey}: an IPv4 address or an IPv6 /64. */
    public String client() {
        return client;
    }

    public int strikes() {
        return strikes;
    }

    public Instant expires() {
        return expires;
    }

    @Override
    public String toString() {
        return client + " strikes=" + strikes + " until " + expires;
    }
}
