package dev.mailguard.james;

import org.apache.commons.configuration2.ex.ConfigurationException;

import dev.mailguard.core.PenaltyStore;

/** Placeholder until the Lettuce store lands on this branch. */
final class RedisPenaltyStore {
    private RedisPenaltyStore() {
    }

    static PenaltyStore connect(String uri) throws ConfigurationException {
        throw new ConfigurationException("MailGuard: store " + uri + ": the Redis store is not built yet");
    }
}
