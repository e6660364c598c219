package dev.mailguard.core;

import java.util.Set;

/**
 * Judges each command line before James sees it (SPEC.md sections 1 and 2): a verb outside the
 * allowlist is dropped with a masked reply; an allowed verb that James has no handler for gets 502,
 * because James's own unknown-command reply would echo the verb.
 */
public final class CommandPolicy {
    private final VerbAllowlist allowlist;
    private final Set<String> implementedVerbs;

    /** @param implementedVerbs upper-case verbs James has a command handler for */
    public CommandPolicy(VerbAllowlist allowlist, Set<String> implementedVerbs) {
        this.allowlist = allowlist;
        this.implementedVerbs = Set.copyOf(implementedVerbs);
    }

    public Verdict inspect(byte[] line) {
        CommandLine command = CommandLine.parse(line);
        if (command.isEmpty()) {
            return Verdict.answer(SmtpReply.EMPTY_COMMAND);
        }
        String verb = command.verb();
        if (!allowlist.allows(verb)) {
            return Verdict.drop(verb);
        }
        if (!implementedVerbs.contains(Verbs.toUpperAscii(verb))) {
            return Verdict.answer(SmtpReply.NOT_IMPLEMENTED);
        }
        return Verdict.pass();
    }
}
