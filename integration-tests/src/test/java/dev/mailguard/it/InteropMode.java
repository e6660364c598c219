package dev.mailguard.it;

/**
 * The columns of the interoperability matrix: how a client reaches James through MailGuard. Each
 * mode names the service type James writes into its Received header for such a session, which tells
 * whether the client greeted with EHLO (ESMTP), fell back to HELO (SMTP) or authenticated (ESMTPA).
 */
enum InteropMode {
    /** MailGuard in esmtp mode (the shipped conf/), no TLS. */
    ESMTP_PLAIN("esmtp, plain", "ESMTP", false, false),
    /** MailGuard in esmtp mode, the client starts TLS with STARTTLS. */
    ESMTP_STARTTLS("esmtp, STARTTLS", "ESMTP", true, false),
    /** MailGuard in smtp mode: EHLO is masked, the client must fall back to HELO. */
    SMTP_MODE("smtp mode", "SMTP", false, false),
    /** The submission listener of conf/ (STARTTLS, then AUTH as the demo user). */
    SUBMISSION_AUTH("submission, STARTTLS + AUTH", "ESMTPA", true, true);

    private final String label;
    private final String receivedWith;
    private final boolean tls;
    private final boolean auth;

    InteropMode(String label, String receivedWith, boolean tls, boolean auth) {
        this.label = label;
        this.receivedWith = receivedWith;
        this.tls = tls;
        this.auth = auth;
    }

    /** The service type in James's Received header ({@code with ESMTP}, {@code with SMTP}, ...). */
    String receivedWith() {
        return receivedWith;
    }

    boolean tls() {
        return tls;
    }

    boolean auth() {
        return auth;
    }

    @Override
    public String toString() {
        return label;
    }
}
