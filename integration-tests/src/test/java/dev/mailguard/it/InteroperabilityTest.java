package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailguard.demo.MailGuardServer.ConfigurationEdit;

/**
 * The interoperability matrix: each real client, as a program of its own, sends one message to the
 * demo user through MailGuard in each mode it supports. A cell passes when the message is in the
 * INBOX (read over IMAP) exactly once, James's Received header shows the greeting the mode calls
 * for (EHLO in esmtp mode, the HELO fallback in smtp mode), and MailGuard wrote no audit record a
 * legitimate client must not cause: in esmtp mode none but 108007 (TLS started, once per STARTTLS
 * cell, none with implicit TLS), in smtp mode only the 108004 of the masked EHLO.
 * docs/compatibility.md holds the results.
 */
class InteroperabilityTest {
    private static final Logger LOGGER = LoggerFactory.getLogger(InteroperabilityTest.class);
    private static final List<InteropClient> CLIENTS = List.of(
        SwaksClient.plain(), SwaksClient.pipelined(), SwaksClient.authLogin(), new MsmtpClient(), new CurlClient(),
        new SmtplibClient(), JavaProgramClient.angusMail(), JavaProgramClient.commonsNet(), new PostfixRelayClient());

    /** One James per mode of MailGuard: two at once in one JVM would register the same MBeans. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Matrix {
        /** Built when the subclass is made: {@link #conf()} must not read the subclass's fields. */
        @RegisterExtension
        final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().edit(conf()).auditCapture().build();

        abstract ConfigurationEdit conf();

        abstract Set<InteropMode> modes();

        /** Fails unless the audit records of one cell are what a legitimate client may cause. */
        abstract void checkAudit(InteropMode mode, List<String> records);

        Stream<Arguments> cells() {
            return CLIENTS.stream().flatMap(client -> modes().stream()
                .filter(client::supports)
                .map(mode -> Arguments.of(Named.of(client.name(), client), mode)));
        }

        @ParameterizedTest(name = "{0}, {1}")
        @MethodSource("cells")
        void deliversExactlyOnceWithoutFalseRecords(InteropClient client, InteropMode mode) {
            String version = client.version(); // skips (fails under CI) when the program is missing
            String subject = "matrix " + client.name() + ", " + mode;
            InteropDelivery delivery = new InteropDelivery(mode, port(mode), subject);

            String transcript = client.send(delivery);

            client.checkTranscript(delivery, transcript);
            assertThat(new DemoInbox(server).awaitDelivered(subject)).as("Received headers of the copies of '%s'", subject)
                .singleElement().asString().containsPattern("\\bwith " + mode.receivedWith() + "\\b");
            checkAudit(mode, server.audit().records());
            LOGGER.info("interop matrix: {} ({}) | {} | delivered once", client.name(), version, mode);
        }

        /** The MX listener without AUTH; with it, the submission listener or, for implicit TLS, the submissions listener. */
        private int port(InteropMode mode) {
            if (!mode.auth()) {
                return server.smtpPort();
            }
            OptionalInt port = mode.implicitTls() ? server.submissionsPort() : server.submissionPort();
            return port.orElseThrow(() -> new AssertionError("conf/ has no listener for " + mode));
        }
    }

    /** The shipped conf/: esmtp mode, STARTTLS offered. */
    @Nested
    class EsmtpMode extends Matrix {
        @Override
        ConfigurationEdit conf() {
            return conf -> { };
        }

        @Override
        Set<InteropMode> modes() {
            return EnumSet.of(InteropMode.ESMTP_PLAIN, InteropMode.ESMTP_STARTTLS, InteropMode.SUBMISSION_AUTH,
                InteropMode.SUBMISSIONS_AUTH);
        }

        @Override
        void checkAudit(InteropMode mode, List<String> records) {
            assertThat(records).as("audit records").allMatch(record -> record.contains("-108007: "))
                .hasSize(mode.startTls() ? 1 : 0);
        }
    }

    /** smtp mode: EHLO is masked (500 and one 108004 record), the client falls back to HELO. */
    @Nested
    class SmtpMode extends Matrix {
        @Override
        ConfigurationEdit conf() {
            return ConfVariant.mailGuardSettings("<mode>smtp</mode>");
        }

        @Override
        Set<InteropMode> modes() {
            return EnumSet.of(InteropMode.SMTP_MODE);
        }

        @Override
        void checkAudit(InteropMode mode, List<String> records) {
            // the record names the verb as the client sent it: smtplib sends it in lower case
            assertThat(records).as("audit records").singleElement().asString()
                .contains("-108004: ").containsPattern("matched cmd verb (?i:ehlo)$");
        }
    }
}
