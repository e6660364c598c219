package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.net.SyslogAppender;

/**
 * docs/reference.md, "Operations": audit records reach a syslog server. A real UDP receiver on loopback gets the
 * 108002 record through logback's SyslogAppender, configured as conf/logback.xml's SYSLOG block is.
 */
class SyslogAuditTest {
    private static final String AUDIT_LOGGER = "mailguard.audit";

    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().build();

    private static DatagramSocket receiver;
    private static SyslogAppender syslog;

    @BeforeAll
    static void attachSyslog() throws Exception {
        receiver = new DatagramSocket(0, InetAddress.getByName(MailGuardServerFixture.LOOPBACK));
        receiver.setSoTimeout(30_000);
        Logger audit = (Logger) LoggerFactory.getLogger(AUDIT_LOGGER);
        syslog = new SyslogAppender();
        syslog.setContext(audit.getLoggerContext());
        syslog.setSyslogHost(MailGuardServerFixture.LOOPBACK);
        syslog.setPort(receiver.getLocalPort());
        syslog.setFacility("MAIL");
        syslog.setSuffixPattern("mailguard: %msg");
        syslog.start();
        audit.addAppender(syslog);
    }

    @AfterAll
    static void detachSyslog() {
        ((Logger) LoggerFactory.getLogger(AUDIT_LOGGER)).detachAppender(syslog);
        syslog.stop();
        receiver.close();
    }

    @Test
    void replacedStringRecordArrivesAsOneSyslogMessage() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.send("HELO client.example")).startsWith("250 ");
            assertThat(smtp.send("MAIL FROM:<\"first|last\"@example.org>")).startsWith("250 ");
        }

        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        receiver.receive(packet);
        String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);

        // <PRI> = facility MAIL (2) * 8 + severity: records of Cisco severity 2 are logged at ERROR (3)
        assertThat(message).startsWith("<19>").contains(" mailguard: %MAILGUARD-2-108002: SMTP replaced string: out 127.0.0.1 "
            + "in 127.0.0.1 data: <\"first|last\"@example.org>").doesNotContain("\n");
    }
}
