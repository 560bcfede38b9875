-- test_gc_close.lua -- a finalizer that closes an array while a method of
-- that same array runs (issue 11). Every allocation the binding makes can
-- run the collector, and so any __gc metamethod, which may call a:close().
-- The binding must then neither use the unmapped array nor free it under
-- the running call: the call either completes (close() waits for it) or,
-- when the close came first, fails cleanly with "the array is closed".
--
-- First a close at a known point inside a:fromtable and a:totable (before
-- the fix: SIGSEGV, and a silently empty table). Then every method and
-- metamethod, and their error paths, many times on a fresh attach, each
-- time right after making garbage whose finalizers close that attach,
-- under a collector that never rests (incremental with pause 0, then
-- generational with a 1% minor multiplier). Before the fix that part died
-- of SIGSEGV too (a:fromtable, a[i] = 2.5 on i4, a:set(2.5, ...),
-- a:get({}, 1), a[1.5]), and a:totable() of a complex array came back
-- short.
-- Run: lua5.4 test_gc_close.lua [LABEL]   (LABEL: only the cases named so)
local T = require "sa_test"
local sa = T.sa

local ITERS = 300      -- per case and collector mode
local GARBAGE = 6      -- finalizer objects made before each call

-- The arrays the cases run on: one segment per kind, kept open by `keep`
-- so that the values can be checked after the call.
local segs = {}
local function seg(kind)
  local s = segs[kind]
  if s then return s end
  local specs = {
    i4 = {{3, 4}, "i4"}, c16 = {{40}, "c16"}, f8 = {{50}, "f8"},
    b1 = {{8}, "b1"}, u1 = {{200}, "u1"},
  }
  local n = T.name("gc-" .. kind)
  local keep = assert(sa.create(n, specs[kind][1], specs[kind][2]))
  s = {name = n, keep = keep}
  segs[kind] = s
  return s
end

local function seq(n, f)
  local t = {}
  for i = 1, n do t[i] = f(i) end
  return t
end

-- Arguments are made up front, so that the garbage made before a call is
-- all there is to collect when it starts.
local src_u1 = seq(200, function(i) return i end)
local src_c16 = seq(40, function(i) return {i, -i} end)
local src_i4 = seq(12, function(i) return i end)

-- {label, kind, fn(a) [, expected error text] [, ro = true] [, check = ...]}
-- fn may raise; the text must then be in the error (or "closed"). When it
-- returns, its result must pass check: "integer", "complex" (a {re, im}
-- table), a function(result, segment) -> boolean, or the value itself.
local cases = {
  -- element access: __index, __newindex, __len, __pairs, ipairs
  {"a[i]", "i4", function(a) return a[5] end, check = "integer"},
  {"a[i] complex", "c16", function(a) return a[3] end, check = "complex"},
  {"a[#a+1] (past the end)", "i4", function(a) return a[13] end},
  {"a[0]", "i4", function(a) return a[0] end},
  {"a[1.5]", "i4", function(a) return a[1.5] end, "must be an integer"},
  {"a[true]", "i4", function(a) return a[true] end, "must be an integer"},
  {"a.method", "i4", function(a) return a.totable end},
  {"a[i] = v", "i4", function(a) a[2] = 7 end},
  {"a[i] = v f8", "f8", function(a) a[2] = 7.5 end},
  {"a[i] = {re, im}", "c16", function(a) a[2] = {1, 2} end},
  {"a[i] = 2.5 into i4", "i4", function(a) a[1] = 2.5 end, "cannot store 2.5"},
  {"a[i] = 1e300 into i4", "i4", function(a) a[1] = 1e300 end, "cannot store"},
  {"a[i] = 'x'", "i4", function(a) a[1] = "x" end, "cannot store a string"},
  {"a[i] = {} into c16", "c16", function(a) a[1] = {} end, "cannot store"},
  {"a[i] = true into i4", "i4", function(a) a[1] = true end, "cannot store"},
  {"a[i] = 2 into b1", "b1", function(a) a[1] = 2 end, "cannot store"},
  {"a[i] = 300 into u1", "u1", function(a) a[1] = 300 end, "cannot store 300"},
  {"a[0] = v", "i4", function(a) a[0] = 1 end, "out of range"},
  {"a[1.5] = v", "i4", function(a) a[1.5] = 1 end, "must be an integer"},
  {"a.x = v", "i4", function(a) a.x = 1 end, "cannot set field"},
  {"ro a[i] = v", "i4", function(a) a[1] = 1 end, "read-only", ro = true},
  {"#a", "i4", function(a) return #a end, check = "integer"},
  {"pairs", "c16", function(a)
     local n = 0
     for _, v in pairs(a) do n = n + #v end
     return n
   end, check = 80},
  {"ipairs", "i4", function(a)
     local n = 0
     for _ in ipairs(a) do n = n + 1 end
     return n
   end, check = 12},
  {"tostring", "i4", function(a) return tostring(a) end,
   check = function(r, s) -- "{closed}" when the close came first
     return r == "sharedarray.array{closed}" or
            r == 'sharedarray.array{name="' .. s.name .. '", dtype="<i4", ' ..
                 'shape={3, 4}, order="C", readonly=false}'
   end},
  -- methods
  {"get", "i4", function(a) return a:get(2, 3) end, check = "integer"},
  {"get complex", "c16", function(a) return a:get(7) end, check = "complex"},
  {"get(1.5, 1)", "i4", function(a) return a:get(1.5, 1) end,
   "must be an integer, got 1.5"},
  {"get({}, 1)", "i4", function(a) return a:get({}, 1) end,
   "must be an integer"},
  {"get(9, 1)", "i4", function(a) return a:get(9, 1) end, "out of range"},
  {"get(1)", "i4", function(a) return a:get(1) end, "1 indices given for 2"},
  {"set", "i4", function(a) a:set(9, 3, 4) end},
  {"set complex", "c16", function(a) a:set({3, 4}, 7) end},
  {"set(2.5, ...)", "i4", function(a) a:set(2.5, 1, 1) end, "cannot store 2.5"},
  {"set('s', ...)", "i4", function(a) a:set("s", 1, 1) end, "cannot store"},
  {"set(1, 1.5, 1)", "i4", function(a) a:set(1, 1.5, 1) end,
   "must be an integer"},
  {"ro set", "i4", function(a) a:set(1, 1, 1) end, "read-only", ro = true},
  {"shape", "i4", function(a) return a:shape() end,
   check = function(r) return r[1] == 3 and r[2] == 4 and #r == 2 end},
  {"dtype", "i4", function(a) return a:dtype() end, check = "<i4"},
  {"ndim", "i4", function(a) return a:ndim() end, check = 2},
  {"order", "i4", function(a) return a:order() end, check = "C"},
  {"readonly", "i4", function(a) return a:readonly() end, check = false},
  {"name", "i4", function(a) return a:name() end,
   check = function(r, s) return r == s.name end},
  {"nbytes", "i4", function(a) return a:nbytes() end, check = 48},
  {"itemsize", "i4", function(a) return a:itemsize() end, check = 4},
  {"totable", "i4", function(a) return a:totable() end,
   check = function(r) return #r == 12 and math.type(r[12]) == "integer" end},
  {"totable complex", "c16", function(a) return a:totable() end,
   check = function(r) return #r == 40 and #r[40] == 2 end},
  {"totable(2, 3)", "i4", function(a) return a:totable(2, 3) end,
   "no arguments"},
  {"fromtable", "u1", function(a) a:fromtable(src_u1) end},
  {"fromtable complex", "c16", function(a) a:fromtable(src_c16) end},
  {"fromtable bad value", "i4", function(a)
     a:fromtable({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2.5}) end,
   "cannot store 2.5 at index 12"},
  {"fromtable bad length", "i4", function(a) a:fromtable({1, 2}) end,
   "needs a table of 12 values"},
  {"fromtable no table", "i4", function(a) a:fromtable(5) end,
   "table expected"},
  {"ro fromtable", "i4", function(a) a:fromtable(src_i4) end, "read-only",
   ro = true},
  {"msync", "f8", function(a) return assert(a:msync()) end},
  {"msync(bad flags)", "f8", function(a)
     local ok, msg = a:msync(1 << 40)
     if ok == nil then error(msg, 0) end
   end, "invalid flags"},
  {"mlock/munlock", "f8", function(a)
     -- mlock may fail for want of RLIMIT_MEMLOCK: nil, message is fine
     a:mlock()
     a:munlock()
   end},
  {"close", "i4", function(a) a:close() end},
}

local wrong = {}
-- lua5.4 test_gc_close.lua LABEL runs only the cases whose label has LABEL
local only = arg and arg[1]

local function run_mode(mode, setup)
  local stats = {}
  for _, c in ipairs(cases) do
   if not only or c[1]:find(only, 1, true) then
    local label, s = c[1], seg(c[2])
    local fn, want = c[3], c[4]
    local during, deferred = 0, 0
    setup()
    for it = 1, ITERS do
      local a = assert(sa.attach(s.name, c.ro))
      -- a varying amount of plain garbage first, so that the collector's
      -- phase when the call starts differs from one iteration to the next
      for j = 1, it % 23 do local _ = {j} end
      local fins = 0
      local mt = {__gc = function()
        fins = fins + 1
        -- a finalizer that also uses the array before closing it
        pcall(a.name, a)
        a:close()
      end}
      for _ = 1, GARBAGE do setmetatable({}, mt) end
      local before = fins
      local ok, res = pcall(fn, a)
      local ran = fins > before
      if ran then during = during + 1 end
      if ok then
        local chk, good = c.check, true
        if chk == "integer" then
          good = math.type(res) == "integer"
        elseif chk == "complex" then
          good = type(res) == "table" and #res == 2 and
                 math.type(res[1]) == "float"
        elseif type(chk) == "function" then
          good = chk(res, s)
        elseif chk ~= nil then
          good = res == chk
        end
        if not good then
          wrong[#wrong + 1] = string.format("%s (%s): wrong result %s", label,
                                            mode, T.show(res))
        end
        if ran and tostring(a) == "sharedarray.array{closed}" then
          deferred = deferred + 1 -- closed mid-call, and the call completed
        end
      else
        local err = tostring(res)
        local fine = err:find("the array is closed", 1, true) or
                     (want and err:find(want, 1, true))
        if not fine then -- reported at the end, so that every case runs
          wrong[#wrong + 1] = string.format("%s (%s): unexpected error %q",
                                            label, mode, err)
        end
      end
    end
    stats[#stats + 1] = string.format("%s: %d/%d", label, during, deferred)
    stats[label] = {during = during, deferred = deferred}
   end
  end
  collectgarbage("incremental", 200, 100, 13) -- Lua's defaults
  collectgarbage()
  collectgarbage()
  print(mode .. " -- finalizers run during the call / calls that completed " ..
        "although closed during them:")
  print("  " .. table.concat(stats, ", "))
  return stats
end

-- One close at a known point. With the collector stopped, make garbage
-- whose finalizer closes the array; restart it just before a call that
-- allocates a lot at once (a table of #a entries, a scratch buffer of
-- a:nbytes()): that allocation's debt makes the collector run a whole
-- cycle inside the call, finalizer included. The call must complete with
-- the whole array, and the mapping must go as soon as the call ends,
-- without waiting for the collector.
local function closed_inside_a_big_call()
  local N = 200000
  local n = T.name("gc-big")
  local keep = assert(sa.create(n, {N}, "i4"))
  local src = seq(N, function(i) return i % 1000 end)
  local calls = {
    {"fromtable", function(a) -- before the fix: SIGSEGV in sa_data(NULL)
       a:fromtable(src)
       T.eq(keep[N], N % 1000, "fromtable: written, although closed meanwhile")
     end},
    {"totable", function(a) -- before the fix: an empty table
       local t = a:totable()
       T.eq(#t, N, "totable: every element, although closed meanwhile")
       for i = 1, N do -- what fromtable wrote
         if t[i] ~= src[i] then T.eq(t[i], src[i], "totable: t[" .. i .. "]") end
       end
     end},
  }
  for _, c in ipairs(calls) do
    collectgarbage()
    collectgarbage("stop")
    local a = assert(sa.attach(n))
    local phase, closed_in = "setup", nil
    setmetatable({}, {__gc = function()
      closed_in = phase
      a:close()
    end})
    T.eq(T.mappings(n), 2, c[1] .. ": two mappings before the call")
    phase = "call"
    collectgarbage("restart")
    c[2](a)
    phase = "after"
    T.eq(closed_in, "call", c[1] .. ": the finalizer ran during the call")
    T.eq(tostring(a), "sharedarray.array{closed}", c[1] .. ": closed")
    T.eq(T.mappings(n), 1, c[1] .. ": unmapped when the call ended")
  end
  keep:close()
  assert(sa.delete(n))
end

T.run(function()
  closed_inside_a_big_call()
  -- The values the calls wrote are still right (set, fromtable...).
  local inc = run_mode("incremental", function()
    collectgarbage("incremental", 0, 1000, 0)
  end)
  local gen = run_mode("generational", function()
    collectgarbage("generational", 1, 10)
  end)
  T.ok(#wrong == 0, "unexpected errors:\n  " .. table.concat(wrong, "\n  "))
  -- Nothing stays mapped: every close that waited for a call released the
  -- mapping once that call ended, and the collected attaches unmapped.
  for kind, s in pairs(segs) do
    T.eq(T.mappings(s.name), 1, kind .. ": only the kept array is mapped")
  end
  if not only then
    T.eq(segs.i4.keep:get(3, 4), 9, "set wrote through")
    T.eq(segs.u1.keep[200], 200, "fromtable wrote through")
    T.eq(segs.c16.keep[40], {40.0, -40.0}, "complex fromtable wrote through")
  end
  -- The test must have closed arrays in the middle of calls that allocate;
  -- otherwise it proves nothing.
  for _, label in ipairs(only and {} or {"fromtable", "totable complex",
                                        "tostring", "shape"}) do
    local n = inc[label].deferred + gen[label].deferred
    T.ok(n > 0, label .. ": some calls completed although a finalizer " ..
         "closed the array during them (got " .. n .. ")")
  end
  for _, s in pairs(segs) do
    s.keep:close()
    assert(sa.delete(s.name))
  end
end)
