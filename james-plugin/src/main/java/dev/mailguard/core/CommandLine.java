package dev.mailguard.core;

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
        String text = new String(line, StandardCharsets.ISO_8859_1).trim();
        int space = text.indexOf(' ');
        return space > 0
            ? new CommandLine(text.substring(0, space), text.substring(space + 1))
            : new CommandLine(text, "");
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
