package dev.imagegen.redis;

/**
 * The Lua scripts that make each step atomic on the Redis server. Every script reads the time from Redis ({@code TIME}),
 * so windows and leases do not depend on the replicas' clocks, and renews the calling process's own lease. A process's
 * budget reservations, concurrency permits and journal entries count only while its lease in the owners set is alive:
 * whatever a dead process held is reclaimed by the next script that looks at it.
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /** Shared head: {@code now} in ms from Redis, and the caller's lease renewed. KEYS[1] owners, ARGV[1] owner, ARGV[2] lease ms. */
    private static final String HEAD = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            local function alive(owner)
              local exp = redis.call('ZSCORE', KEYS[1], owner)
              return exp and tonumber(exp) >= now
            end
            """;

    /**
     * Budget: KEYS[2] reservations hash (id -> "owner|nanos"), KEYS[3] spending hash (window index -> nanos); ARGV[3]
     * period ms, ARGV[4] limit nanos, ARGV[5] amount nanos (-1: only report), ARGV[6] reservation id. A reservation whose
     * owner is gone is charged in full (the vendor may have billed) and removed. Returns {granted 0/1, spent, reserved,
     * window index}.
     */
    static final String RESERVE = HEAD + """
            local period = tonumber(ARGV[3])
            local idx = math.floor(now / period)
            local spentField = tostring(idx)
            local reserved = 0
            local held = redis.call('HGETALL', KEYS[2])
            for i = 1, #held, 2 do
              local sep = string.find(held[i + 1], '|', 1, true)
              local amount = string.sub(held[i + 1], sep + 1)
              if alive(string.sub(held[i + 1], 1, sep - 1)) then
                reserved = reserved + tonumber(amount)
              else
                redis.call('HINCRBY', KEYS[3], spentField, amount)
                redis.call('HDEL', KEYS[2], held[i])
              end
            end
            for _, f in ipairs(redis.call('HKEYS', KEYS[3])) do
              if f ~= spentField then redis.call('HDEL', KEYS[3], f) end
            end
            local spent = tonumber(redis.call('HGET', KEYS[3], spentField) or '0')
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('PEXPIRE', KEYS[3], (idx + 2) * period - now)
            end
            local amount = tonumber(ARGV[5])
            if amount < 0 or spent + reserved + amount > tonumber(ARGV[4]) then
              return {0, spent, reserved, idx}
            end
            redis.call('HSET', KEYS[2], ARGV[6], ARGV[1] .. '|' .. ARGV[5])
            return {1, spent, reserved + amount, idx}
            """;

    /**
     * Settles a reservation: KEYS[2] reservations, KEYS[3] spending; ARGV[3] period ms, ARGV[4] reservation id, ARGV[5]
     * spent nanos. A reservation no longer there was charged in full when its owner's lease lapsed: nothing to do.
     */
    static final String SETTLE = HEAD + """
            if redis.call('HDEL', KEYS[2], ARGV[4]) == 0 then return 0 end
            local period = tonumber(ARGV[3])
            local idx = math.floor(now / period)
            redis.call('HINCRBY', KEYS[3], tostring(idx), ARGV[5])
            redis.call('PEXPIRE', KEYS[3], (idx + 2) * period - now)
            return 1
            """;

    /**
     * A concurrency permit and a rate slot, both or neither: KEYS[2] permits hash (id -> owner), KEYS[3] rate log (sorted
     * set of grant times); ARGV[3] max concurrent (0: none), ARGV[4] max per window (0: none), ARGV[5] window ms, ARGV[6]
     * permit id, ARGV[7] ms to wait for a permit. Permits of dead owners are dropped. Returns {granted 0/1, wait ms}.
     */
    static final String ACQUIRE = HEAD + """
            local conc = tonumber(ARGV[3])
            if conc > 0 then
              local live = 0
              local held = redis.call('HGETALL', KEYS[2])
              for i = 1, #held, 2 do
                if alive(held[i + 1]) then live = live + 1 else redis.call('HDEL', KEYS[2], held[i]) end
              end
              if live >= conc then return {0, tonumber(ARGV[7])} end
            end
            local max = tonumber(ARGV[4])
            if max > 0 then
              local window = tonumber(ARGV[5])
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
              if redis.call('ZCARD', KEYS[3]) >= max then
                local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
                return {0, tonumber(oldest[2]) + window - now}
              end
              redis.call('ZADD', KEYS[3], now, ARGV[6])
              redis.call('PEXPIRE', KEYS[3], window + 1000)
            end
            if conc > 0 then redis.call('HSET', KEYS[2], ARGV[6], ARGV[1]) end
            return {1, 0}
            """;

    /** The heartbeat: renews the lease (the head does) and forgets owners gone for a day. */
    static final String HEARTBEAT = HEAD + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 86400000)
            return now
            """;

    /**
     * Claims orphaned jobs: KEYS[2] journal hash (ref -> owner); ARGV[3] the most to claim. Returns the refs claimed,
     * now held by the caller.
     */
    static final String CLAIM = HEAD + """
            local out = {}
            local max = tonumber(ARGV[3])
            local jobs = redis.call('HGETALL', KEYS[2])
            for i = 1, #jobs, 2 do
              if #out >= max then break end
              if jobs[i + 1] ~= ARGV[1] and not alive(jobs[i + 1]) then
                redis.call('HSET', KEYS[2], jobs[i], ARGV[1])
                out[#out + 1] = jobs[i]
              end
            end
            return out
            """;
}
