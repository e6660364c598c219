package dev.mailguard.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking SMTP client, the load generator's one session: no pipelining, each command waits
 * for its reply, as most MTAs talk. It checks every reply code, so a refused message is an error, not
 * a fast transaction.
 */
final class SmtpClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder();

    SmtpClient(InetSocketAddress server, String hello) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoLinger(true, 0); // no TIME_WAIT pile-up from thousands of short connections
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        expect(220);
        command(hello, 250);
    }

    /** One mail transaction: MAIL, RCPT, DATA, the message and its final dot. */
    void send(String sender, String recipient, byte[] message) throws IOException {
        command("MAIL FROM:<" + sender + ">", 250);
        command("RCPT TO:<" + recipient + ">", 250);
        command("DATA", 354);
        out.write(message);
        out.flush();
        expect(250);
    }

    void quit() throws IOException {
        command("QUIT", 221);
    }

    private void command(String command, int expected) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(expected);
    }

    /** Reads one reply, all its lines, and fails unless its code is {@code expected}. */
    private void expect(int expected) throws IOException {
        String last;
        do {
            last = readLine();
        } while (last.length() > 3 && last.charAt(3) == '-');
        if (!last.startsWith(Integer.toString(expected))) {
            throw new IOException("expected " + expected + ", got: " + last);
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
