package dev.mailguard.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.mailguard.core.audit.Decision;
import dev.mailguard.core.audit.Endpoints;
import dev.mailguard.core.smtp.SmtpReply;

/** How MailGuard follows AUTH exchanges: the name it records, never a password, and when it closes. */
class AuthAttemptsTest {
    private static final Endpoints ENDPOINTS = new Endpoints(new InetSocketAddress("192.0.2.9", 40000),
        new InetSocketAddress("192.0.2.1", 587));

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String recorded(List<Decision> decisions) {
        return decisions.get(0).record(ENDPOINTS).orElseThrow().toCiscoLine();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PLAIN on one line, no authzid | ^guess@example.org^Secret-1 | guess@example.org",
        "PLAIN with an authzid         | boss^guess@example.org^Secret-1 | guess@example.org",
        "PLAIN with an empty authcid   | boss^^Secret-1 | boss",
    })
    void plainRecordsTheNameNeverThePassword(String name, String written, String user) {
        String response = written.replace('^', '\0'); // NUL, which CSV sources trim
        AuthAttempts auth = new AuthAttempts();
        auth.started("PLAIN " + base64(response));

        List<Decision> decisions = auth.replied("535", 3);

        assertThat(recorded(decisions)).isEqualTo("%MAILGUARD-6-113015: AAA user authentication Rejected : reason = Invalid"
            + " password : local database : user = " + user + " : user IP = 192.0.2.9").doesNotContain("Secret-1")
            .doesNotContain(base64(response));
        assertThat(decisions.get(0).strikesAuth()).isTrue();
        assertThat(decisions.get(0).refuses()).isFalse();
        assertThat(auth.open()).isFalse();
    }

    @Test
    void aMalformedPlainResponseNamesNobody() {
        AuthAttempts auth = new AuthAttempts();
        auth.started("PLAIN " + base64("Secret-1"));

        assertThat(recorded(auth.replied("501", 3))).contains("user = ***** :").doesNotContain("Secret-1");
    }

    @Test
    void plainWithItsResponseOnAContinuationLine() {
        AuthAttempts auth = new AuthAttempts();
        auth.started("PLAIN");
        assertThat(auth.replied("334", 3)).isEmpty();
        assertThat(auth.open()).isTrue();
        byte[] response = line(base64("\u0000guess@example.org\u0000Secret-1"));
        auth.answered(response, response.length);

        assertThat(recorded(auth.replied("535", 3))).contains("user = guess@example.org :").doesNotContain("Secret-1");
    }

    @Test
    void loginReadsTheNameAndNotThePassword() {
        AuthAttempts auth = new AuthAttempts();
        auth.started("LOGIN");
        auth.replied("334", 3);
        byte[] user = line(base64("guess@example.org"));
        auth.answered(user, user.length);
        auth.replied("334", 3);
        byte[] password = line(base64("Secret-1"));
        auth.answered(password, password.length);

        assertThat(recorded(auth.replied("535", 3))).contains("user = guess@example.org :").doesNotContain("Secret-1");
    }

    @Test
    void loginWithTheNameOnTheAuthLine() {
        AuthAttempts auth = new AuthAttempts();
        auth.started("LOGIN " + base64("guess@example.org"));
        auth.replied("334", 3);
        byte[] password = line(base64("Secret-1"));
        auth.answered(password, password.length);

        assertThat(recorded(auth.replied("535", 3))).contains("user = guess@example.org :").doesNotContain("Secret-1");
    }

    @Test
    void aNameCannotForgeTheAddressFieldNorARecord() {
        AuthAttempts auth = new AuthAttempts();
        auth.started("LOGIN " + base64("x : user IP = 198.51.100.7\r\n%MAILGUARD-6-113015: y"));

        String record = recorded(auth.replied("535", 3));

        assertThat(record).endsWith(" : user IP = 192.0.2.9").doesNotContain("= 198.51.100.7").doesNotContain("\r")
            .containsOnlyOnce("%MAILGUARD");
    }

    @Test
    void theFailureThatReachesTheLimitAlsoClosesTheSession() {
        AuthAttempts auth = new AuthAttempts();
        for (int failure = 1; failure < 3; failure++) {
            auth.started("PLAIN " + base64("\u0000u\u0000p"));
            assertThat(auth.replied("535", 3)).hasSize(1);
        }
        auth.started("LOGIN");
        auth.replied("334", 3);
        byte[] cancel = line("*");
        auth.answered(cancel, cancel.length);

        List<Decision> third = auth.replied("501", 3);

        assertThat(third).hasSize(2);
        assertThat(third.get(1).reply()).isEqualTo(SmtpReply.TOO_MANY_AUTH_FAILURES);
        assertThat(third.get(1).reply().toString()).isEqualTo("421 4.7.0 Too many authentication failures, closing connection");
        assertThat(third.get(1).closesConnection()).isTrue();
        assertThat(auth.failures()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"235", "504", "503", "454"})
    void otherRepliesEndTheExchangeWithoutAFailure(String code) {
        AuthAttempts auth = new AuthAttempts();
        auth.started("PLAIN " + base64("\u0000u\u0000p"));

        assertThat(auth.replied(code, 1)).isEmpty();
        assertThat(auth.open()).isFalse();
        assertThat(auth.failures()).isZero();
    }
}
