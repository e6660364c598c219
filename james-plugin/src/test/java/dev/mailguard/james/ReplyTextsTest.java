package dev.mailguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.junit.jupiter.api.Test;

class ReplyTextsTest {
    @Test
    void readsTheTextsJamesKeepsInAnSmtpResponse() {
        SMTPResponse ehlo = new SMTPResponse("250", "mail.example Hello client.example [127.0.0.1]");
        ehlo.appendLine("PIPELINING");
        ehlo.appendLine("ENHANCEDSTATUSCODES");

        assertThat(ReplyTexts.of(ehlo)).extracting(CharSequence::toString)
            .containsExactly("mail.example Hello client.example [127.0.0.1]", "PIPELINING", "ENHANCEDSTATUSCODES");
    }

    @Test
    void theTextsCannotBeChangedThroughTheView() {
        SMTPResponse reply = new SMTPResponse("250", "2.0.0 OK");

        assertThatThrownBy(() -> ReplyTexts.of(reply).add("injected")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(reply.getLines()).extracting(CharSequence::toString).containsExactly("250 2.0.0 OK");
    }

    @Test
    void cutsTheTextsFromTheLinesOfAnyOtherResponse() {
        Response other = new Response() {
            @Override
            public String getRetCode() {
                return "220";
            }

            @Override
            public List<CharSequence> getLines() {
                return List.of("220-first", "220 second");
            }

            @Override
            public boolean isEndSession() {
                return false;
            }
        };

        assertThat(ReplyTexts.of(other)).extracting(CharSequence::toString).containsExactly("first", "second");
    }
}
