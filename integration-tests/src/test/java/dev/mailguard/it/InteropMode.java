package dev.mailguard.it;

import java.util.Locale;

/**
 * The columns of the interoperability matrix: how a client reaches James through MailGuard. Each
 * mode names the service type James writes into its Received header for such a session, which tells
 * whether the client greeted with EHLO (ESMTP), fell back to HELO (SMTP) or authenticated (ESMTPA).
 */
enum InteropMode {
    /** MailGuard in esmtp mode (the shipped conf/), no TLS. */
    ESMTP_PLAIN("esmtp, plain", "ESMTP", Tls.NONE, false),
    /** MailGuard in esmtp mode, the client starts TLS with STARTTLS. */
    ESMTP_STARTTLS("esmtp, STARTTLS", "ESMTP", Tls.STARTTLS, false),
    /** MailGuard in smtp mode: EHLO is masked, the client must fall back to HELO. */
    SMTP_MODE("smtp mode", "SMTP", Tls.NONE, false),
    /** The submission listener of conf/ (STARTTLS, then AUTH as the demo user). */
    SUBMISSION_AUTH("submission, STARTTLS + AUTH", "ESMTPA", Tls.STARTTLS, true),
    /** The submissions listener of conf/ (TLS from the first byte, RFC 8314, then AUTH as the demo user). */
    SUBMISSIONS_AUTH("submissions, implicit TLS + AUTH", "ESMTPA", Tls.IMPLICIT, true);

    /** How the session comes to be encrypted. */
    private enum Tls {
        NONE, STARTTLS, IMPLICIT
    }

    private final String label;
    private final String receivedWith;
    private final Tls tls;
    private final boolean auth;

    InteropMode(String label, String receivedWith, Tls tls, boolean auth) {
        this.label = label;
        this.receivedWith = receivedWith;
        this.tls = tls;
        this.auth = auth;
    }

    /** The service type in James's Received header ({@code with ESMTP}, {@code with SMTP}, ...). */
    String receivedWith() {
        return receivedWith;
    }

    /** The message travels encrypted, by STARTTLS or implicit TLS. */
    boolean tls() {
        return tls != Tls.NONE;
    }

    /** The client sends STARTTLS, which MailGuard records (108007). */
    boolean startTls() {
        return tls == Tls.STARTTLS;
    }

    /** TLS from the first byte: no STARTTLS, so no 108007. */
    boolean implicitTls() {
        return tls == Tls.IMPLICIT;
    }

    /** The TLS argument of the client programs among the test sources: {@code none}, {@code starttls} or {@code implicit}. */
    String tlsArgument() {
        return tls.name().toLowerCase(Locale.ROOT);
    }

    boolean auth() {
        return auth;
    }

    @Override
    public String toString() {
        return label;
    }
}
