package dev.mailguard.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

/** The SASL responses the tests send after AUTH, base64-encoded as RFC 4954 puts them on the wire. */
final class Sasl {
    private Sasl() {
    }

    /** SASL PLAIN (RFC 4616): no authorization identity, the user, the password, NUL-separated. */
    static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
