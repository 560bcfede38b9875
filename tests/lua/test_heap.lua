-- test_heap.lua -- bulk reads take no more Lua heap than they must
-- (issue 19): a:totable() of n numbers grows the heap by the table alone,
-- made at its final size (16 bytes a slot in Lua 5.4, no rehash growth),
-- and a:snapshot() by that plus its scratch copy of the bytes (itemsize a
-- element, garbage once it returns). Values are checked too.
-- Run: lua5.4 test_heap.lua
local T = require "sa_test"
local sa = T.sa

local N = 1000000
local SLOT = 16 -- bytes of a Lua 5.4 TValue: one array slot

local function heap() return collectgarbage("count") * 1024 end

-- Heap growth (bytes) while fn runs and what it returns is alive, with the
-- collector stopped so nothing is freed in between.
local function growth(fn)
  collectgarbage("collect")
  collectgarbage("collect")
  collectgarbage("stop")
  local before = heap()
  local t = fn()
  local grown = heap() - before
  collectgarbage("restart")
  return grown, t
end

local function bulk_reads()
  for _, dt in ipairs({"<f4", "<f8", "<i2", ">i4", "<f2", "|b1"}) do
    local a = assert(sa.create(T.name("heap"), {N}, dt))
    local isz = a:itemsize()
    local bool = dt == "|b1"
    a[1] = bool and true or 3
    a[N] = bool and true or 5
    local g, t = growth(function() return a:totable() end)
    T.eq(#t, N, dt .. ": totable length")
    T.eq(t[1], a[1], dt .. ": totable first value")
    T.eq(t[N], a[N], dt .. ": totable last value")
    T.eq(t[2], a[2], dt .. ": totable second value")
    -- the table itself (n slots) plus a few hundred bytes of headers
    T.ok(g <= N * SLOT + 4096,
         string.format("%s: totable grew the heap by %.0f bytes for %d " ..
                       "elements (%.2f a slot; want <= %d)", dt, g, N,
                       g / N, SLOT))
    t = nil
    local gs, s = growth(function() return a:snapshot() end)
    T.eq(#s, N, dt .. ": snapshot length")
    T.eq(s[N], a[N], dt .. ": snapshot last value")
    T.ok(gs <= N * (SLOT + isz) + 8192,
         string.format("%s: snapshot grew the heap by %.0f bytes for %d " ..
                       "elements (%.2f each; want <= %d + itemsize %d)", dt,
                       gs, N, gs / N, SLOT, isz))
    s = nil
    collectgarbage("collect")
    local after = heap()
    s = a:snapshot()
    collectgarbage("collect")
    T.ok(heap() - after <= N * SLOT + 4096,
         dt .. ": once collected, a snapshot holds the table alone")
    s = nil
    a:close()
  end
end

T.run(function()
  bulk_reads()
end)
