package dev.mailguard.james;

/**
 * The Lua scripts of {@link RedisPenaltyStore}: each counts or changes one client atomically, on
 * Redis's clock, so that nodes never disagree. Every key a script touches is one client's, in one
 * Cluster slot ({@link RedisKeys}).
 */
final class RedisScripts {
    private RedisScripts() {
    }

    /**
     * KEYS: the strikes of the rule's kind, the box. ARGV: threshold, window ms, duration ms, a random
     * member (so that two strikes in one millisecond both count), the channel, the box message.
     * A boxed client's strikes do not count; returns the version (Redis's clock in microseconds, also
     * in front of the message published) for the strike that boxes, else 0.
     */
    static final String STRIKE = String.join("\n",
        "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end",
        "redis.replicate_commands() -- Redis 3.2 to 4 write after TIME only with this; later ones always",
        "local time = redis.call('TIME')",
        "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
        "local version = tonumber(time[1]) * 1000000 + tonumber(time[2])",
        "local window = tonumber(ARGV[2])",
        "redis.call('ZADD', KEYS[1], now, ARGV[4])",
        "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)",
        "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then",
        "  redis.call('DEL', KEYS[1])",
        "  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])",
        "  redis.call('PUBLISH', ARGV[5], string.format('%.0f ', version) .. ARGV[6])",
        "  return version",
        "end",
        "redis.call('PEXPIRE', KEYS[1], window)",
        "return 0");

    /**
     * KEYS: the box, the strikes of each kind. ARGV: the channel, the release message, published even
     * when nothing was boxed, since a node's copy may be wrong, with the version in front as for a box.
     * Returns twice the version, plus 1 when the client was boxed.
     */
    static final String RELEASE = String.join("\n",
        "redis.replicate_commands()",
        "local time = redis.call('TIME')",
        "local version = tonumber(time[1]) * 1000000 + tonumber(time[2])",
        "local boxed = redis.call('DEL', KEYS[1])",
        "redis.call('DEL', KEYS[2], KEYS[3])",
        "redis.call('PUBLISH', ARGV[1], string.format('%.0f ', version) .. ARGV[2])",
        "return version * 2 + boxed");

    /**
     * KEYS: the counter's key without its bucket ({@code mailguard:rate:COUNTER:{CLIENT}:}); the script
     * adds the bucket, since only Redis's clock says which it is. ARGV: window ms. Counts one event in
     * the current bucket, which expires two windows after its last event (by then it is no longer the
     * previous bucket either), and returns the sliding window estimate.
     */
    static final String COUNT = String.join("\n",
        "redis.replicate_commands()",
        "local time = redis.call('TIME')",
        "local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)",
        "local window = tonumber(ARGV[1])",
        "local bucket = math.floor(now / window)",
        "local key = KEYS[1] .. string.format('%d', bucket)",
        "local current = redis.call('INCR', key)",
        "redis.call('PEXPIRE', key, 2 * window)",
        "local previous = tonumber(redis.call('GET', KEYS[1] .. string.format('%d', bucket - 1)) or 0)",
        "local elapsed = now - bucket * window",
        "return math.floor(previous * (window - elapsed) / window) + current");
}
