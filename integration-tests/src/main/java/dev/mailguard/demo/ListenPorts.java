package dev.mailguard.demo;

/** The loopback ports of the embedded server; 0 lets the system pick a free one. */
public final class ListenPorts {
    public static final ListenPorts EPHEMERAL = new ListenPorts(0, 0, 0);

    private final int smtp;
    private final int imap;
    private final int webAdmin;

    public ListenPorts(int smtp, int imap, int webAdmin) {
        this.smtp = smtp;
        this.imap = imap;
        this.webAdmin = webAdmin;
    }

    public int smtp() {
        return smtp;
    }

    public int imap() {
        return imap;
    }

    public int webAdmin() {
        return webAdmin;
    }
}
