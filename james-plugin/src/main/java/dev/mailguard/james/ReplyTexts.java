package dev.mailguard.james;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * {@link AbstractResponse}'s protected {@code lines} list instead, through a {@link VarHandle}, as
 * they are (for an {@link SMTPResponse}, whose {@code getLines()} only puts the code in front of
 * each). Where that
 * field is missing (another James version) or the reply is another kind of {@link Response}, the
 * texts are cut from {@code getLines()}: the same texts, at the old cost.
 */
final class ReplyTexts {
    private static final int CODE_AND_SEPARATOR = 4;
    /** Null where the field is missing; a constant, so that the JIT compiles its use to a field read. */
    private static final VarHandle LINES = linesField();

    private ReplyTexts() {
    }

    /** The texts, read-only, in order. */
    @SuppressWarnings("unchecked")
    static List<CharSequence> of(Response response) {
        if (LINES != null && response instanceof SMTPResponse) {
            return Collections.unmodifiableList((List<CharSequence>) LINES.get((AbstractResponse) response));
        }
        List<CharSequence> lines = response.getLines();
        List<CharSequence> texts = new ArrayList<>(lines.size());
        for (CharSequence line : lines) {
            texts.add(line.subSequence(CODE_AND_SEPARATOR, line.length()));
        }
        return texts;
    }

    private static VarHandle linesField() {
        try {
            return MethodHandles.privateLookupIn(AbstractResponse.class, MethodHandles.lookup())
                .findVarHandle(AbstractResponse.class, "lines", List.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
