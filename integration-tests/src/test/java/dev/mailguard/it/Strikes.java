package dev.mailguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/** Sessions that earn a strike for the penalty box, as the penalty box tests make them. */
final class Strikes {
    private Strikes() {
    }

    /**
     * One session ending on a violation where {@code maxUnknownCommands} is 1: the second unknown
     * command is one too many (421, closed).
     */
    static void endWithUnknownCommands(SmtpLines session) throws IOException {
        assertThat(session.greeting()).startsWith("220 ");
        assertThat(session.send("XYZZY")).startsWith("500 5.5.1");
        assertThat(session.send("PLUGH")).startsWith("421 4.7.0 Too many unrecognized commands");
    }
}
