package dev.mailguard.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Every reply MailGuard sends is a row of the replies table in docs/reference.md, word for word. */
public class SmtpReplyDocumentationTest {
    public static String reference() throws IOException {
        Path repository = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        return Files.readString(repository.resolve("docs/reference.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyReplyIsDocumented() throws Exception {
        String reference = reference();
        int replies = 0;
        for (Field field : SmtpReply.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == SmtpReply.class) {
                assertThat(reference).as("docs/reference.md names %s", field.getName()).contains(row((SmtpReply) field.get(null)));
                replies++;
            }
        }
        assertThat(replies).as("replies found").isGreaterThan(10);
        assertThat(reference).contains(row(SmtpReply.commandUnknown("XXXX")), row(SmtpReply.duplicateParameter("NAME")),
            row(SmtpReply.unsupportedParameter("NAME")), row(SmtpReply.invalidParameterValue("NAME")));
    }

    private static String row(SmtpReply reply) {
        return "| " + reply.code() + " | " + reply.enhancedCode() + " | `" + reply.text() + "` |";
    }
}
