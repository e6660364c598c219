package dev.mailguard.it;

/**
 * A real client program of the interoperability matrix (a row): it sends one message in a mode and
 * returns its transcript. The matrix checks delivery, James's Received header and the audit records;
 * {@link #checkTranscript} adds what only this client's own output can show.
 */
interface InteropClient {
    /** The name in the matrix, e.g. {@code swaks --pipeline}. */
    String name();

    /** The version as the program reports it itself; also makes the test skip or fail when it is missing. */
    String version();

    boolean supports(InteropMode mode);

    /** Sends the message and returns the client's transcript; throws AssertionError when the client fails. */
    String send(InteropDelivery delivery);

    /** Client-specific checks of the transcript; none by default. */
    default void checkTranscript(InteropDelivery delivery, String transcript) {
    }
}
