package dev.mailguard.core.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import dev.mailguard.core.smtp.Verbs;

/**
 * The verbs a session may use: the mode's profile, STARTTLS when TLS is allowed in ESMTP mode, then
 * the administrator's {@code allow} and {@code deny} adjustments (deny wins).
 */
public final class VerbAllowlist {
    public static final String STARTTLS = "STARTTLS";

    private final Set<String> verbs;

    private VerbAllowlist(Set<String> verbs) {
        this.verbs = Set.copyOf(verbs);
    }

    /** All verbs in {@code allow} and {@code deny} must already be valid upper-case verbs ({@link Verbs#isValid}). */
    public static VerbAllowlist of(InspectionMode mode, boolean allowTls, Collection<String> allow, Collection<String> deny) {
        Set<String> verbs = new HashSet<>(mode.verbs());
        if (allowTls && mode == InspectionMode.ESMTP) {
            verbs.add(STARTTLS);
        }
        verbs.addAll(allow);
        verbs.removeAll(deny);
        return new VerbAllowlist(verbs);
    }

    /**
     * Case-insensitive per RFC 5321 2.4, ASCII only: a verb holding any other character never matches,
     * so no Unicode case mapping (e.g. of 'ß' or dotless i) can turn it into an allowed verb.
     */
    public boolean allows(String verb) {
        return Verbs.isAscii(verb) && verbs.contains(Verbs.toUpperAscii(verb));
    }

    /** The allowed verbs in alphabetical order, for logs and the status page. */
    public Set<String> verbs() {
        return new TreeSet<>(verbs);
    }
}
