-- test_pin_oom.lua -- the pin that keeps an array mapped during a method
-- call (see test_gc_close.lua) must go however the call ends, also when a
-- Lua allocation fails in the middle of it: afterwards a:close() must unmap
-- at once, not wait for the collector.
-- Runs under lua_oom_host (which makes allocations fail on purpose):
--   lua_oom_host test_pin_oom.lua
local T = require "sa_test"
local sa = T.sa

T.ok(with_alloc_limit, "run this under lua_oom_host")

local src = {}
for i = 1, 64 do src[i] = {i, -i} end

-- the functions that pin: they allocate while they use the array
local calls = {
  {"totable", function(a) return a:totable() end},
  {"fromtable", function(a) a:fromtable(src) end},
  {"tostring", function(a) return tostring(a) end},
}

T.run(function()
  local n = T.name("pinoom")
  local keep = assert(sa.create(n, {64}, "c16"))
  for _, c in ipairs(calls) do
    local label, fn = c[1], c[2]
    local failed, done = 0, false
    for k = 0, 2000 do
      local a = assert(sa.attach(n))
      T.eq(T.mappings(n), 2, label .. ": attached")
      local good, res = with_alloc_limit(k, fn, a)
      if not good then
        T.ok(tostring(res):find("not enough memory", 1, true),
             label .. ": a memory error, got " .. tostring(res))
        failed = failed + 1
      end
      a:close()
      T.eq(T.mappings(n), 1, label .. ": close() unmaps at once after a " ..
           "call that ended with " .. k .. " allocations allowed (" ..
           tostring(res) .. ")")
      if good then
        done = true
        break
      end
    end
    T.ok(done, label .. ": succeeded with enough memory")
    T.ok(failed > 0, label .. ": allocation failures exercised: " .. failed)
  end
  T.eq(keep[64], {64.0, -64.0}, "fromtable wrote")
  keep:close()
  assert(sa.delete(n))
end)
