package dev.mailguard.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import dev.mailguard.core.config.MailGuardConfig;

class EhloKeywordsTest {
    private static final List<String> JAMES = List.of("mx.example Hello client [127.0.0.1])", "PIPELINING",
        "ENHANCEDSTATUSCODES", "8BITMIME", "AUTH LOGIN PLAIN", "AUTH=LOGIN PLAIN", "SIZE 20000000", "STARTTLS", "FUTURERELEASE 86400");

    @Test
    void keepsTheServerLineAndOnlyAllowedKeywords() {
        EhloKeywords filtered = EhloKeywords.filter(JAMES, MailGuardConfig.defaults().ehloKeywords());

        assertThat(filtered.lines()).containsExactly("mx.example Hello client [127.0.0.1])", "PIPELINING",
            "ENHANCEDSTATUSCODES", "8BITMIME", "AUTH LOGIN PLAIN", "AUTH=LOGIN PLAIN", "SIZE 20000000", "STARTTLS");
        assertThat(filtered.advertised()).containsExactlyInAnyOrder("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "AUTH",
            "SIZE", "STARTTLS");
    }

    @Test
    void neverAddsAKeywordJamesDoesNotOffer() {
        EhloKeywords filtered = EhloKeywords.filter(List.of("mx.example Hello", "PIPELINING"), Set.of("DSN", "BINARYMIME", "PIPELINING"));

        assertThat(filtered.lines()).containsExactly("mx.example Hello", "PIPELINING");
        assertThat(filtered.advertised()).containsExactly("PIPELINING");
    }

    @Test
    void emptyAllowlistLeavesOnlyTheServerLine() {
        assertThat(EhloKeywords.filter(JAMES, Set.of()).lines()).containsExactly("mx.example Hello client [127.0.0.1])");
    }

    @Test
    void keywordsAreMatchedCaseInsensitively() {
        assertThat(EhloKeywords.filter(List.of("mx", "pipelining", "Size 10"), Set.of("PIPELINING", "SIZE")).advertised())
            .containsExactlyInAnyOrder("PIPELINING", "SIZE");
    }

    @Test
    void onlyAsciiLettersFoldAndTheWholeKeywordMustMatch() {
        assertThat(EhloKeywords.filter(List.of("mx", "P\u0131PEL\u0131N\u0131NG", "SIZEX 10", "SIZ", "DSN=x", "8bitmime"),
            Set.of("PIPELINING", "SIZE", "DSN", "8BITMIME")).advertised())
            .containsExactlyInAnyOrder("DSN", "8BITMIME");
    }
}
