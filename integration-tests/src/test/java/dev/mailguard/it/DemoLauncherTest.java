package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's Java process as a user meets it: the ready line, SMTP, submission and
 * submissions (implicit TLS) on the announced ports, a clean stop on SIGTERM, and a configuration
 * error as the last line with a non-zero exit status.
 */
class DemoLauncherTest {
    /** Port 0 everywhere: the system picks free ports, so the test never races another process for one. */
    @Test
    void startsAnnouncesServesAndStopsOnSigterm() throws Exception {
        DemoProcess launched = DemoProcess.launch(DemoProcess.freePortsWith(MailGuardServerFixture.confDirectory()));
        try {
            Matcher ports = launched.awaitReady();
            assertThat(launched.output).anyMatch(line -> line.contains("demo@localhost") && line.contains("'demo'"));

            try (SmtpConnection connection = new SmtpConnection(Integer.parseInt(ports.group("smtp")))) {
                assertThat(connection.greeting()).matches("220 [\\w.-]+ ESMTP");
                assertThat(connection.send("EXPN demo")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
            }
            try (SmtpConnection submission = new SmtpConnection(Integer.parseInt(ports.group("submission")))) {
                assertThat(submission.greeting()).matches("220 [\\w.-]+ ESMTP");
                assertThat(submission.send("EHLO client.example")).contains("STARTTLS").doesNotContain("AUTH");
            }
            try (SmtpLines submissions = SmtpLines.implicitTls(Integer.parseInt(ports.group("submissions")))) {
                assertThat(submissions.greeting()).matches("220 [\\w.-]+ ESMTP");
                assertThat(submissions.send("EHLO client.example")).contains("AUTH LOGIN PLAIN").doesNotContain("STARTTLS");
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> launched.output.stream().anyMatch(line -> line.startsWith("%MAILGUARD-4-108004: ")));
        } finally {
            launched.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        }
        assertThat(launched.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        launched.drained.join(10_000);
        assertThat(launched.output).as("exit status %d", launched.process.exitValue()).contains("MailGuard stopping");
    }

    @Test
    void configurationErrorIsTheLastLineAndTheExitStatusIsNonZero(@TempDir Path conf) throws Exception {
        DemoProcess.copyConf(conf);
        Path smtpserver = conf.resolve("smtpserver.xml");
        Files.writeString(smtpserver, Files.readString(smtpserver).replace("<mode>esmtp</mode>", "<mode>bogus</mode>"));

        DemoProcess launched = DemoProcess.launch(DemoProcess.freePortsWith(conf));

        assertThat(launched.process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        launched.drained.join(10_000);
        assertThat(launched.process.exitValue()).isEqualTo(2);
        assertThat(launched.output.get(launched.output.size() - 1))
            .contains("configuration error")
            .contains("invalid value 'bogus' for <mode>");
    }

}
