package dev.mailguard.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTextTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mail.example Hello client.example [192.0.2.1]            | false | mail.example Hello client.example [192.0.2.1]",
        "Hello a\tb                                                 | false | Hello a\tb",
        "Hello \u00e9l\u00e8ve                                      | false | Hello \u00e9l\u00e8ve",
        "Hello \u001b[31mred                                        | true  | Hello ?[31mred",
        "Hello a\u0000b\u007fc\u0007d                               | true  | Hello a?b?c?d",
        "Hello a\rb                                                 | true  | Hello a?b",
    })
    void controlCharactersOtherThanTabBecomeQuestionMarks(String line, boolean needsCleaning, String cleaned) {
        assertThat(ReplyText.needsCleaning(line)).isEqualTo(needsCleaning);
        assertThat(ReplyText.clean(line)).isEqualTo(cleaned);
    }
}
