package dev.mailguard.it;

import java.util.List;

/** {@code allow} and {@code deny} adjust the profile; no TLS; banner not masked. */
class AdjustedAllowlistTest extends AllowlistContract {
    @Override
    String settings() {
        return "<allowTls>false</allowTls><allow>EXPN</allow><deny>VRFY</deny><deny>HELP</deny><maskBanner>false</maskBanner>";
    }

    /** Not masked, and still without the software name ({@code maskSoftwareName} defaults to true). */
    @Override
    String expectedGreeting() {
        return "220 \\S+ ESMTP ready";
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
