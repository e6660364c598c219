package dev.mailguard.core.smtp;

import java.nio.charset.StandardCharsets;

/**
 * The verb of a raw command line, found the way James's {@code CommandDispatcher.parseRequest} finds
 * it (trim characters up to 0x20 at both ends, cut at the first space), so that the verb MailGuard
 * judges is the verb James would run. Bytes are read as ISO-8859-1: one character per byte, so
 * masking and escaping see every byte the client sent.
 */
public final class CommandLine {
    private final String verb;
    private final String argument;

    private CommandLine(String verb, String argument) {
        this.verb = verb;
        this.argument = argument;
    }

    /** @param line the line as the framing layer hands it over, terminator included */
    public static CommandLine parse(byte[] line) {
        // String.trim's rule (characters up to 0x20 at both ends) applied to the bytes, so that verb
        // and argument are each copied once from the line
        int start = 0;
        int end = line.length;
        while (start < end && (line[start] & 0xFF) <= ' ') {
            start++;
        }
        while (end > start && (line[end - 1] & 0xFF) <= ' ') {
            end--;
        }
        int space = start;
        while (space < end && line[space] != ' ') {
            space++;
        }
        String verb = new String(line, start, space - start, StandardCharsets.ISO_8859_1);
        return space < end
            ? new CommandLine(verb, new String(line, space + 1, end - space - 1, StandardCharsets.ISO_8859_1))
            : new CommandLine(verb, "");
    }

    public String verb() {
        return verb;
    }

    /** What follows the verb and its space, as James hands it to the command handler. */
    public String argument() {
        return argument;
    }

    public boolean isEmpty() {
        return verb.isEmpty();
    }
}
