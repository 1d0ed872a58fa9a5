import {
  createRateLimiter,
  type PacerClock,
  type RateLimiter,
  type RateStore,
  type RateWindow,
} from '@wecom-kit/core'
import type { Cluster, Redis } from 'ioredis'
import { watchConnection } from './connection.js'

export interface RedisRateLimiterOptions {
  /** Put before every key (`myapp:`). Default none: keys read `{wecom:rate:<corpId>:<path>}:…`. */
  prefix?: string | undefined
  /**
   * Bound on each Redis call, ms. A call that takes longer fails, and the process paces on its
   * own until Redis answers again. Default 1 000.
   */
  timeout?: number | undefined
  /**
   * How long a reservation of a call in flight holds its place when its process dies before
   * the answer, ms. Longer than a call takes (the client's timeout). Default 60 000.
   */
  holdMs?: number | undefined
  /** Where the limiter reads the time and sets its timers. Default `Date.now` and `setTimeout`. */
  clock?: PacerClock | undefined
}

// A lane's keys share one hash tag, so a Redis Cluster keeps them in one slot:
//   {wecom:rate:<corpId>:<path>}:inflight  zset: calls in flight, scored by when they lapse
//   {wecom:rate:<corpId>:<path>}:block     until when WeCom blocks the path (epoch ms), after a 45009
//   {wecom:rate:<corpId>:<path>}:w<ms>     hash: bucket index → calls answered in that bucket

// Reserve: refused while blocked, or while the calls in flight plus those of any window reach
// its limit (then: ms until its oldest buckets leave, or a short poll when only calls in flight
// hold it). Else the call goes in flight until `holdMs` from now.
// KEYS: inflight, block, window…; ARGV: now, id, holdMs, then limit, ms, bucketMs per window.
const RESERVE = `local now = tonumber(ARGV[1])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return math.ceil(blocked - now) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local inflight = redis.call('ZCARD', KEYS[1])
local wait = 0
for w = 3, #KEYS do
  local a = 4 + (w - 3) * 3
  local limit, ms, bucketMs = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local span = math.ceil(ms / bucketMs)
  local oldest = math.floor(now / bucketMs) - span
  local raw = redis.call('HGETALL', KEYS[w])
  local total, indexes, counts = 0, {}, {}
  for i = 1, #raw, 2 do
    local index = tonumber(raw[i])
    if index < oldest then
      redis.call('HDEL', KEYS[w], raw[i])
    else
      local n = tonumber(raw[i + 1])
      total = total + n
      indexes[#indexes + 1] = index
      counts[index] = (counts[index] or 0) + n
    end
  end
  if inflight + total >= limit then
    table.sort(indexes)
    local left, at = inflight + total, -1
    for _, index in ipairs(indexes) do
      left = left - counts[index]
      if left < limit then
        at = (index + 1 + span) * bucketMs
        break
      end
    end
    local ms = 100
    if at >= 0 then ms = at - now end
    if ms > wait then wait = ms end
  end
end
if wait > 0 then return math.ceil(wait) end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 0`

// Complete: out of flight; counted in each window's bucket of `now` when it may have reached WeCom.
// KEYS: inflight, window…; ARGV: now, id, reached (1/0), then bucketMs, ms per window.
const COMPLETE = `redis.call('ZREM', KEYS[1], ARGV[2])
if ARGV[3] == '1' then
  local now = tonumber(ARGV[1])
  for w = 2, #KEYS do
    local a = 4 + (w - 2) * 2
    local bucketMs, ms = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
    redis.call('HINCRBY', KEYS[w], string.format('%d', math.floor(now / bucketMs)), 1)
    redis.call('PEXPIRE', KEYS[w], ms + 2 * bucketMs)
  end
end
return 1`

// Block: until the later of the current block and this one. KEYS: block; ARGV: until, now.
const BLOCK = `local untilAt, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > current and untilAt > now then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.ceil(untilAt - now))
end
return 1`

/** ioredis states in which a command would only wait in the offline queue. */

/**
 * A fleet's rate budget on Redis: `createClient({ …, rateLimit: { limiter: redisRateLimiter(redis) } })`
 * in every process, and the processes together keep WeCom's limits per corp and path. Each call
 * is reserved in Redis before it is sent and stamped there when its answer arrives (atomic
 * scripts); a 45009 blocks the path for the whole fleet. When Redis fails, each process paces on
 * its own (reported once through `hooks.onStoreError`) until Redis answers again.
 */
export function redisRateLimiter(redis: Redis | Cluster, options: RedisRateLimiterOptions = {}): RateLimiter {
  return createRateLimiter({ store: redisRateStore(redis, options), clock: options.clock })
}

/** The Redis side of `redisRateLimiter`, for `createRateLimiter({ store })`. */
export interface RedisRateStore extends RateStore {
  /** False from a failed Redis call until one succeeds again. */
  readonly available: boolean
}

/**
 * Windows, calls in flight and blocks in Redis. Each call is bounded by `timeout` and fails at
 * once while ioredis is disconnected. The first failure of an outage is thrown (the client
 * reports it); until Redis answers again, the store then has room for everything without
 * reporting again, so that each process paces by its own windows alone.
 */
export function redisRateStore(
  redis: Redis | Cluster,
  options: RedisRateLimiterOptions = {},
): RedisRateStore {
  const prefix = options.prefix ?? ''
  if (typeof prefix !== 'string') throw new TypeError('redisRateLimiter: prefix must be a string')
  const timeout = positive(options.timeout, 1_000, 'timeout')
  const holdMs = positive(options.holdMs, 60_000, 'holdMs')
  let available = true

  const { bounded, connected } = watchConnection(redis, timeout)

  /** The script's answer; the first failure of an outage thrown, later ones `fallback`. */
  async function run<T>(script: Script, keys: string[], args: (string | number)[], fallback: T): Promise<T> {
    try {
      const result = (await bounded(() => script.run(redis, keys, args))) as T
      available = true
      connected()
      return result
    } catch (error) {
      if (!available) return fallback
      available = false
      throw error
    }
  }

  const keysOf = (key: string) => {
    const tag = `${prefix}{wecom:rate:${key}}`
    return {
      inflight: `${tag}:inflight`,
      block: `${tag}:block`,
      window: (w: RateWindow) => `${tag}:w${w.ms}`,
    }
  }

  return {
    get available() {
      return available
    },
    async reserve(key, id, windows, now) {
      const k = keysOf(key)
      const args: (string | number)[] = [now, id, holdMs]
      for (const w of windows) args.push(w.limit, w.ms, w.bucketMs)
      return Number(await run(reserveScript, [k.inflight, k.block, ...windows.map(k.window)], args, 0))
    },
    async complete(key, id, windows, now, reached) {
      const k = keysOf(key)
      const args: (string | number)[] = [now, id, reached ? 1 : 0]
      for (const w of windows) args.push(w.bucketMs, w.ms)
      await run(completeScript, [k.inflight, ...windows.map(k.window)], args, 1)
    },
    async block(key, until, now) {
      await run(blockScript, [keysOf(key).block], [until, now], 1)
    },
  }
}

/** A Lua script run by its SHA-1, loaded on the first NOSCRIPT (after a restart, on a new node). */
interface Script {
  run(redis: Redis | Cluster, keys: string[], args: (string | number)[]): Promise<unknown>
}

function script(source: string): Script {
  let sha: string | undefined
  return {
    async run(redis, keys, args) {
      sha ??= await sha1Hex(source)
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args)
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
        return redis.eval(source, keys.length, ...keys, ...args)
      }
    },
  }
}

// Nothing is computed at import: each script's SHA-1 is made on its first run.
const reserveScript = /* @__PURE__ */ script(RESERVE)
const completeScript = /* @__PURE__ */ script(COMPLETE)
const blockScript = /* @__PURE__ */ script(BLOCK)

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`redisRateLimiter: ${name} must be a positive number of ms`)
  }
  return value
}

/** SHA-1 hex through Web Crypto: the package imports nothing from `node:` (Bun, Deno, workers). */
async function sha1Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
