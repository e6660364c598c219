package dev.mailguard.demo;

/** The loopback ports of the embedded server; 0 lets the system pick a free one. */
public final class ListenPorts {
    public static final ListenPorts EPHEMERAL = new ListenPorts(0, 0, 0, 0, 0);

    private final int smtp;
    private final int submission;
    private final int submissions;
    private final int imap;
    private final int webAdmin;

    public ListenPorts(int smtp, int submission, int submissions, int imap, int webAdmin) {
        this.smtp = smtp;
        this.submission = submission;
        this.submissions = submissions;
        this.imap = imap;
        this.webAdmin = webAdmin;
    }

    /** The MX listener: the first {@code <smtpserver>}. */
    public int smtp() {
        return smtp;
    }

    /** The submission listener: the second {@code <smtpserver>}. */
    public int submission() {
        return submission;
    }

    /** The submissions listener (implicit TLS): the third {@code <smtpserver>}. */
    public int submissions() {
        return submissions;
    }

    public int imap() {
        return imap;
    }

    public int webAdmin() {
        return webAdmin;
    }
}
