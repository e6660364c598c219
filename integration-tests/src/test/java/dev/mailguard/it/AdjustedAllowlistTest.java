package dev.mailguard.it;

import java.util.List;

/** {@code allow} and {@code deny} adjust the profile; no TLS. */
class AdjustedAllowlistTest extends AllowlistContract {
    @Override
    String settings() {
        return "<allowTls>false</allowTls><allow>EXPN</allow><deny>VRFY</deny><deny>HELP</deny>";
    }

    @Override
    List<String> passedToJames() {
        return List.of("EHLO", "EXPN", "NOOP");
    }

    @Override
    List<String> notImplemented() {
        return List.of("ETRN");
    }

    @Override
    List<String> masked() {
        return List.of("VRFY", "HELP", "STARTTLS");
    }
}
