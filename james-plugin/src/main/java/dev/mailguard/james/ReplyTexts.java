package dev.mailguard.james;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.AbstractResponse;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;

/**
 * The text of each line of a James reply, without its code and separator ({@code "250-"},
 * {@code "250 "}).
 *
 * <p>{@code SMTPResponse.getLines()} builds every line anew on each call, each in a buffer of 256
 * characters, and James calls it once more to write the reply. MailGuard reads every reply (to clean
 * echoed client text, to filter EHLO keywords), so it reads the texts James keeps in
 * {@link AbstractResponse}'s protected {@code lines} list instead, by reflection, as they are (for an
 * {@link SMTPResponse}, whose {@code getLines()} only puts the code in front of each). Where that
 * field is missing (another James version) or the reply is another kind of {@link Response}, the
 * texts are cut from {@code getLines()}: the same texts, at the old cost.
 */
final class ReplyTexts {
    private static final int CODE_AND_SEPARATOR = 4;
    private static final Optional<Field> LINES = linesField();

    private ReplyTexts() {
    }

    /** The texts, read-only, in order. */
    @SuppressWarnings("unchecked")
    static List<CharSequence> of(Response response) {
        if (LINES.isPresent() && response instanceof SMTPResponse) {
            try {
                return Collections.unmodifiableList((List<CharSequence>) LINES.get().get(response));
            } catch (IllegalAccessException e) {
                // setAccessible succeeded at start, so this does not happen; cut them from the lines
            }
        }
        List<CharSequence> lines = response.getLines();
        List<CharSequence> texts = new ArrayList<>(lines.size());
        for (CharSequence line : lines) {
            texts.add(line.subSequence(CODE_AND_SEPARATOR, line.length()));
        }
        return texts;
    }

    private static Optional<Field> linesField() {
        try {
            Field field = AbstractResponse.class.getDeclaredField("lines");
            field.setAccessible(true);
            return List.class.isAssignableFrom(field.getType()) ? Optional.of(field) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
