package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client-side misuses MailGuard refuses on purpose (docs/compatibility.md lists them with the
 * reasons), measured with the real client that makes them, against the shipped conf/.
 */
class ClientMisuseTest {
    @RegisterExtension
    static final MailGuardServerExtension server = MailGuardServerExtension.shippedConf().build();

    /** smtplib's sendmail() adds SIZE= itself where SIZE is advertised; a caller's size= makes it two. */
    @Test
    void smtplibSendingSizeTwiceGets555DuplicateParameter() {
        assertThat(misuse("size-twice")).contains("'size'").contains("refused 555 5.5.4 Duplicate parameter SIZE");
    }

    /** NOTIFY= is a DSN parameter; James does not advertise DSN, so MailGuard refuses it as unsupported. */
    @Test
    void notifyWithoutAdvertisedDsnGets555() {
        assertThat(misuse("notify")).doesNotContain("'dsn'").contains("refused 555 5.5.4 Unsupported parameter NOTIFY");
    }

    private static String misuse(String useCase) {
        return ExternalProgram.require("python3", "python3")
            .run(TestResource.path("/clients/smtplib_misuse.py"), MailGuardServerFixture.LOOPBACK,
                String.valueOf(server.smtpPort()), useCase);
    }
}
