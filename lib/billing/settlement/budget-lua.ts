// The Lua scripts of key budgets shared through Redis (budget-redis.ts). Per key, three keys
// with one hash tag (one Redis Cluster slot):
//   sy:bud:{keyId}       hash: day, month (the UTC windows counted), cfg (the budgets the spend
//                        was loaded for), sd/sm/st (spent in the day / month / in all) and
//                        hd/hm/ht (reserved by in-flight requests, per window);
//   sy:bud:{keyId}:lease sorted set: reservation → when its lease ends (Redis's clock);
//   sy:bud:{keyId}:res   hash: reservation → "amount day month".
// Money is BigInt units (10⁻¹² USD): Lua numbers are doubles, exact only below 2^53 ≈ 9·10¹⁵
// units (about 9,000 USD), so amounts travel and are stored as decimal strings and are added
// and compared as two exact halves, hi·10¹² + lo (lo < 10¹², hi < 2^53: up to ~9·10²⁷ units).
// Nothing here goes below zero: a release that finds no record (swept, or Redis restarted)
// takes nothing from the held sums.
import { LuaScript } from "@/lib/redis";

const HALVES = `
local B = 1000000000000
local function big(s)
  if not s or s == '' then return {0, 0} end
  local n = #s
  if n <= 12 then return {0, tonumber(s)} end
  return {tonumber(string.sub(s, 1, n - 12)), tonumber(string.sub(s, n - 11))}
end
local function str(v)
  if v[1] == 0 then return string.format('%.0f', v[2]) end
  return string.format('%.0f%012.0f', v[1], v[2])
end
local function add(a, b)
  local hi, lo = a[1] + b[1], a[2] + b[2]
  if lo >= B then lo = lo - B; hi = hi + 1 end
  return {hi, lo}
end
local function sub(a, b)
  local hi, lo = a[1] - b[1], a[2] - b[2]
  if lo < 0 then lo = lo + B; hi = hi - 1 end
  if hi < 0 then return {0, 0} end
  return {hi, lo}
end
local function lt(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end
local F = {'day', 'month', 'cfg', 'sd', 'sm', 'st', 'hd', 'hm', 'ht'}
local function load()
  local v = redis.call('HMGET', KEYS[1], unpack(F))
  if not v[1] then return nil end
  return {day = tonumber(v[1]), month = tonumber(v[2]), cfg = v[3], sd = big(v[4]), sm = big(v[5]), st = big(v[6]),
    hd = big(v[7]), hm = big(v[8]), ht = big(v[9])}
end
local function save(s, ttl)
  redis.call('HSET', KEYS[1], 'day', s.day, 'month', s.month, 'cfg', s.cfg, 'sd', str(s.sd), 'sm', str(s.sm),
    'st', str(s.st), 'hd', str(s.hd), 'hm', str(s.hm), 'ht', str(s.ht))
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
-- Gives back a reservation's amount in the windows it was taken in that are still current.
local function unhold(s, rec, amount)
  local _, _, _, d, m = string.find(rec, '^(%d+) (%d+) (%d+)$')
  s.ht = sub(s.ht, amount)
  if tonumber(m) == s.month then s.hm = sub(s.hm, amount) end
  if tonumber(d) == s.day then s.hd = sub(s.hd, amount) end
end
local function recAmount(rec) return big(string.match(rec, '^(%d+)')) end
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * Check and reserve, atomically. ARGV: day, month, cfg, limit day / month / total ('' = none),
 * full, minimal, member, lease ms, ttl ms, then — only when seeding — the spent day / month /
 * total read from Postgres. Replies {0, amount, day, month} (taken: amount < full = capped),
 * {1} (no state for these budgets yet: seed it), {2, left, budget 1|2|3, limit} (exhausted).
 */
export const TAKE_BUDGET = new LuaScript(`${HALVES}
local day, month, cfg = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local ttl = tonumber(ARGV[11])
local s = load()
if not s or s.cfg ~= cfg then
  if not ARGV[12] then return {1} end
  if not s then
    redis.call('DEL', KEYS[2], KEYS[3])
    s = {day = day, month = month, hd = {0, 0}, hm = {0, 0}, ht = {0, 0}}
  end
  if day > s.day then s.hd = {0, 0} end
  if month > s.month then s.hm = {0, 0} end
  -- Set if absent (or if the budgets changed: the spend is read again, in-flight holds stay).
  s.cfg, s.day, s.month, s.sd, s.sm, s.st = cfg, day, month, big(ARGV[12]), big(ARGV[13]), big(ARGV[14])
end
if day > s.day then s.day, s.sd, s.hd = day, {0, 0}, {0, 0} end
if month > s.month then s.month, s.sm, s.hm = month, {0, 0}, {0, 0} end
local now = nowMs()
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  local rec = redis.call('HGET', KEYS[3], m)
  if rec then unhold(s, rec, recAmount(rec)) end
  redis.call('HDEL', KEYS[3], m)
  redis.call('ZREM', KEYS[2], m)
end
local best, which, limit = nil, 0, nil
local used = {add(s.sd, s.hd), add(s.sm, s.hm), add(s.st, s.ht)}
for i = 1, 3 do
  if ARGV[3 + i] ~= '' then
    local l = big(ARGV[3 + i])
    local left = sub(l, used[i])
    if not best or lt(left, best) then best, which, limit = left, i, l end
  end
end
local full, minimal = big(ARGV[7]), big(ARGV[8])
local amount = full
if best and lt(best, full) then
  if lt(best, minimal) or (best[1] == 0 and best[2] == 0) then
    save(s, ttl)
    return {2, str(best), which, str(limit)}
  end
  amount = best
end
s.hd, s.hm, s.ht = add(s.hd, amount), add(s.hm, amount), add(s.ht, amount)
redis.call('HSET', KEYS[3], ARGV[9], str(amount) .. ' ' .. s.day .. ' ' .. s.month)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[10]), ARGV[9])
save(s, ttl)
return {0, str(amount), s.day, s.month}
`);

/**
 * Ends a reservation: ARGV member ('' = none: a charge of a request counted in process during
 * an outage), charge, the reservation's day and month, ttl ms. Its record's amount leaves the
 * held sums (once: the record is deleted), the charge joins the spend of its windows that are
 * still current. No state (expired, Redis restarted): nothing — the next seed reads Postgres.
 */
export const SETTLE_BUDGET = new LuaScript(`${HALVES}
local s = load()
if ARGV[1] ~= '' then
  local rec = redis.call('HGET', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  if s and rec then unhold(s, rec, recAmount(rec)) end
end
if not s then return 0 end
local charge = big(ARGV[2])
s.st = add(s.st, charge)
if tonumber(ARGV[4]) == s.month then s.sm = add(s.sm, charge) end
if tonumber(ARGV[3]) == s.day then s.sd = add(s.sd, charge) end
save(s, tonumber(ARGV[5]))
return 1
`);

/** Lowers a reservation to ARGV[2] (the balance covered less): gives the rest back now. */
export const SHRINK_BUDGET = new LuaScript(`${HALVES}
local s = load()
local rec = redis.call('HGET', KEYS[3], ARGV[1])
if not s or not rec then return 0 end
local amount, to = recAmount(rec), big(ARGV[2])
if not lt(to, amount) then return 0 end
unhold(s, rec, sub(amount, to))
redis.call('HSET', KEYS[3], ARGV[1], str(to) .. string.sub(rec, #string.match(rec, '^(%d+)') + 1))
redis.call('HSET', KEYS[1], 'hd', str(s.hd), 'hm', str(s.hm), 'ht', str(s.ht))
return 1
`);

export const budgetKeys = (keyId: string): string[] => [`sy:bud:{${keyId}}`, `sy:bud:{${keyId}}:lease`, `sy:bud:{${keyId}}:res`];
