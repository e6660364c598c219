package dev.mailguard.core;

/**
 * The adapter's side of a session's decisions, for checks that run along a stream of input (message
 * lines) and must know at once whether their decision took effect.
 */
public interface DecisionApplier {
    /** Carries the decision out. Returns whether a refusal was enforced: false in a dry run, and for a note. */
    boolean apply(Decision decision);

    /** Whether refusals are enforced (not a dry run), for a check whose record can only be made later. */
    boolean enforcesRefusals();
}
