package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** swaks, the SMTP test tool; optionally pipelining MAIL, RCPT and DATA where PIPELINING is advertised. */
final class SwaksClient implements InteropClient {
    private final boolean pipelined;
    private final String authMechanism;

    private SwaksClient(boolean pipelined, String authMechanism) {
        this.pipelined = pipelined;
        this.authMechanism = authMechanism;
    }

    /** One message per transaction step; AUTH PLAIN on the submission listeners. */
    static SwaksClient plain() {
        return new SwaksClient(false, "PLAIN");
    }

    /** {@code --pipeline}: only where PIPELINING is advertised (esmtp mode), as swaks requires. */
    static SwaksClient pipelined() {
        return new SwaksClient(true, null);
    }

    /** AUTH LOGIN, whose 334 continuation lines carry the user name and the password. */
    static SwaksClient authLogin() {
        return new SwaksClient(false, "LOGIN");
    }

    private static ExternalProgram program() {
        return ExternalProgram.require("swaks", "swaks");
    }

    @Override
    public String name() {
        return pipelined ? "swaks --pipeline" : "LOGIN".equals(authMechanism) ? "swaks --auth LOGIN" : "swaks";
    }

    @Override
    public String version() {
        return program().run("--version").lines().findFirst().orElse("").strip();
    }

    @Override
    public boolean supports(InteropMode mode) {
        if (pipelined) {
            return mode == InteropMode.ESMTP_PLAIN || mode == InteropMode.ESMTP_STARTTLS;
        }
        return "LOGIN".equals(authMechanism) ? mode.auth() : true;
    }

    @Override
    public String send(InteropDelivery delivery) {
        List<String> arguments = new ArrayList<>(List.of("--server", delivery.host(), "--port", String.valueOf(delivery.port()),
            "--helo", "swaks.example", "--from", delivery.from(), "--to", InteropDelivery.TO,
            "--header", "Subject: " + delivery.subject(), "--body", "sent by swaks", "--timeout", "30"));
        if (pipelined) {
            arguments.add("--pipeline");
        }
        if (delivery.mode().startTls()) {
            arguments.add("-tls");
        }
        if (delivery.mode().implicitTls()) {
            arguments.add("--tls-on-connect");
        }
        if (delivery.mode().auth()) {
            arguments.addAll(List.of("--auth", authMechanism, "--auth-user", delivery.user(), "--auth-password", delivery.password()));
        }
        return program().run(arguments.toArray(String[]::new));
    }

    @Override
    public void checkTranscript(InteropDelivery delivery, String transcript) {
        // swaks marks lines sent inside TLS with ~ instead of -; 503 would be MailGuard refusing the pipelined commands
        if (pipelined) {
            assertThat(transcript).containsPattern("(?m)^<[-~]  250-PIPELINING")
                .containsPattern("(?m)^ [-~]> MAIL FROM:<[^>]+>\\R [-~]> RCPT TO:<[^>]+>\\R [-~]> DATA\\R<[-~]  250 ")
                .doesNotContainPattern("(?m)^<[-~*]* +503");
        }
    }
}
