package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The smtpserver.xml that docker/compose.distributed.yml mounts on every distributed node, checked
 * the only way this machine can: James (memory) starts with it, both its listeners inspect with
 * MailGuard, and the first refuses what MailGuard refuses. Its binds are moved to loopback port 0,
 * its keystore password to the demo keystore's and its penalty box store to memory (there is no Redis
 * here); nothing else is changed.
 */
class DistributedSmtpServerTest {
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().edit(conf -> {
        Path distributed = MailGuardServerFixture.confDirectory().getParent().resolve("docker/distributed/smtpserver.xml");
        String xml = Files.readString(distributed);
        assertThat(xml).contains("0.0.0.0:25", "0.0.0.0:587", "james72laBalle", "<store>redis</store>");
        Files.writeString(conf.resolve("smtpserver.xml"), xml
            .replace("0.0.0.0:25<", "127.0.0.1:0<").replace("0.0.0.0:587<", "127.0.0.1:0<").replace("james72laBalle", "mailguard")
            .replace("<store>redis</store>", "<store>memory</store>"));
    }).build();

    @Test
    void bothListenersInspectWithMailGuard() throws Exception {
        try (SmtpConnection smtp = new SmtpConnection(server.smtpPort())) {
            assertThat(smtp.greeting()).matches("220 [\\w.-]+ ESMTP");
            assertThat(smtp.send("EHLO client.example")).contains("STARTTLS").contains("SIZE 20000000");
            assertThat(smtp.send("EXPN staff")).isEqualTo("500 5.5.1 Command unknown: 'XXXX'");
        }
        assertThat(StatusRoute.of(server).get("chains").size()).isEqualTo(2);
    }
}
