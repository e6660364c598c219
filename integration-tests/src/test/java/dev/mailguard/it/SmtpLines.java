package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP client that sends exactly the lines it is given, whether commands or AUTH continuation
 * lines, and can switch the connection to TLS with STARTTLS or speak TLS from the first byte: what a
 * test needs to drive SASL exchanges line by line.
 */
final class SmtpLines implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final String greeting;

    SmtpLines(int port) throws IOException {
        this(new Socket(MailGuardServerFixture.LOOPBACK, port), "");
    }

    /**
     * From the local address {@code client} (any address of loopback's 127.0.0.0/8, or ::1) to
     * {@code server}: the server sees {@code client} as the client's address.
     */
    static SmtpLines from(InetAddress client, InetSocketAddress server) throws IOException {
        return new SmtpLines(connected(client, server), "");
    }

    /**
     * As {@link #from}, but sends {@code line} (CRLF appended) at once, before the greeting: a client
     * that talks first. {@link #greeting()} is then the first reply it gets.
     */
    static SmtpLines talkingFirst(InetAddress client, InetSocketAddress server, String line) throws IOException {
        return new SmtpLines(connected(client, server), line + "\r\n");
    }

    private static Socket connected(InetAddress client, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(client, 0));
            socket.connect(server, 15_000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** TLS from the first byte (implicit TLS, RFC 8314): the handshake, then the greeting inside it. */
    static SmtpLines implicitTls(int port) throws IOException, GeneralSecurityException {
        Socket plain = new Socket(MailGuardServerFixture.LOOPBACK, port);
        try {
            return new SmtpLines(TrustAllTls.handshake(plain), "");
        } catch (IOException | GeneralSecurityException e) {
            plain.close();
            throw e;
        }
    }

    /** Sends {@code header}, a PROXY protocol line, before reading the greeting, as a load balancer in front of the server does. */
    static SmtpLines behindProxy(int port, String header) throws IOException {
        return new SmtpLines(new Socket(MailGuardServerFixture.LOOPBACK, port), header);
    }

    private SmtpLines(Socket connected, String preamble) throws IOException {
        try {
            connected.setSoTimeout(15_000);
            use(connected);
            out.write(preamble.getBytes(ISO_8859_1));
            out.flush();
            greeting = reply();
        } catch (IOException e) {
            connected.close();
            throw e;
        }
    }

    String greeting() {
        return greeting;
    }

    /** The client's port, which the server's records name. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one line (CRLF appended) and returns the complete reply, its lines joined by {@code \n}. */
    String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(ISO_8859_1));
        out.flush();
        return reply();
    }

    /** The next reply, one the server sends unasked (the 421 it sends before it closes). */
    String nextReply() throws IOException {
        return reply();
    }

    /** Whether the server has closed the connection, having nothing more to say. */
    boolean closedByServer() throws IOException {
        try {
            return in.readLine() == null;
        } catch (java.net.SocketException e) {
            return true; // reset: closed
        }
    }

    /** STARTTLS, which must be answered 220, then the TLS handshake on the same connection. */
    void startTls() throws IOException, GeneralSecurityException {
        String reply = send("STARTTLS");
        if (!reply.startsWith("220 ")) {
            throw new IllegalStateException("STARTTLS answered " + reply);
        }
        use(TrustAllTls.handshake(socket));
    }

    private void use(Socket connection) throws IOException {
        socket = connection;
        in = new BufferedReader(new InputStreamReader(connection.getInputStream(), ISO_8859_1));
        out = connection.getOutputStream();
    }

    /** One reply: lines up to the one whose fourth character is not a hyphen. */
    private String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; reply so far " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
