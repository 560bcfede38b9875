-- test_like_table.lua -- where Lua code treats an array like a table, it
-- must get a table's answers or a clear error, never a silent wrong one
-- (issue 13): ipairs stops after the last element, reads past either end
-- are nil while writes there raise, a b1 array takes only booleans, and
-- methods refuse arguments they would ignore (a:totable(2, 3)).
-- Run: lua5.4 test_like_table.lua
local T = require "sa_test"
local sa = T.sa

local function collect_ipairs(a)
  local keys, vals = {}, {}
  for i, v in ipairs(a) do
    keys[#keys + 1] = i
    vals[#vals + 1] = v
  end
  return keys, vals
end

local function ipairs_stops()
  -- every dtype family, both orders, a 0-d and an empty array
  local specs = {
    {{2, 3}, "i4", "C"}, {{3, 2}, ">u2", "F"}, {{4}, "f8", "C"},
    {{3}, "c16", "C"}, {{2, 2}, "b1", "F"}, {{}, "i8", "C"},
    {{0, 4}, "f4", "C"},
  }
  for _, sp in ipairs(specs) do
    local what = sp[2] .. " " .. T.show(sp[1]) .. " " .. sp[3] .. ": "
    local a = assert(sa.create(T.name("ipairs"), sp[1], sp[2], sp[3]))
    local want_keys = {}
    for i = 1, #a do
      want_keys[i] = i
      if sp[2] == "b1" then
        a[i] = i % 2 == 0
      elseif sp[2] == "c16" then
        a[i] = {i, -i}
      else
        a[i] = i * 3
      end
    end
    local ok, keys, vals = pcall(collect_ipairs, a)
    T.ok(ok, what .. "ipairs ran to the end without an error: " ..
         tostring(keys))
    T.eq(keys, want_keys, what .. "ipairs visits 1..#a once each")
    T.eq(vals, a:totable(), what .. "ipairs gives the values of totable")
    T.eq(a[#a + 1], nil, what .. "a[#a + 1] is nil")
    T.eq(a[0], nil, what .. "a[0] is nil")
    T.raises(function() a[#a + 1] = a[1] end, "out of range",
             what .. "a[#a + 1] = v raises")
    T.raises(function() a[0] = a[1] end, "out of range", what .. "a[0] = v")
    -- ipairs and pairs over a closed array raise instead of visiting none
    a:close()
    T.raises(function() collect_ipairs(a) end, "closed", what .. "ipairs closed")
    T.raises(function() for _ in pairs(a) do end end, "closed",
             what .. "pairs closed")
  end

  -- closed in the middle of a loop: an error, not a silently short loop
  local a = assert(sa.create(T.name("ipairs"), {5}, "i2"))
  local n = 0
  T.raises(function()
    for _ in pairs(a) do
      n = n + 1
      if n == 2 then a:close() end
    end
  end, "closed", "pairs: closed during the loop")
  T.eq(n, 2, "pairs stopped at the close")
  local b = assert(sa.create(T.name("ipairs"), {5}, "i2"))
  n = 0
  T.raises(function()
    for _ in ipairs(b) do
      n = n + 1
      if n == 2 then b:close() end
    end
  end, "closed", "ipairs: closed during the loop")
  -- non-integer keys are still errors (they are bugs, not the end of a loop)
  local c = assert(sa.create(T.name("ipairs"), {2}, "i4"))
  local step, state = pairs(c)
  T.eq(step(state, math.maxinteger), nil, "pairs' step after maxinteger")
  T.eq(step(state, -1), nil, "pairs' step after -1")
  T.raises(function() return c[1.5] end, "index must be an integer, got 1.5",
           "c[1.5]")
  T.raises(function() return c[{}] end, "index must be an integer, got table",
           "c[{}]")
end

-- b1 takes true and false only: 2, 0.5, 0 and {0, 0} were silently stored
-- as true (or false) before.
local function b1_booleans_only()
  local n = T.name("b1")
  local a = assert(sa.create(n, {4}, "b1"))
  a[1], a[2] = true, false
  for _, v in ipairs({2, 0.5, 0, 1, -1, 0.0, math.huge, {0, 0}, {1}, "true"}) do
    local shown = type(v) == "table" and "a table" or
                  type(v) == "string" and "a string" or tostring(v)
    T.raises(function() a[3] = v end, n .. ": cannot store " .. shown ..
             " at index 3: dtype |b1 holds only booleans (true or false)",
             "a[3] = " .. T.show(v))
    T.raises(function() a:set(v, 4) end, "cannot store " .. shown ..
             " at index 4", "a:set(" .. T.show(v) .. ", 4)")
  end
  T.raises(function() a:fromtable({true, false, 1, true}) end,
           "cannot store 1 at index 3", "fromtable with a number")
  T.eq(a:totable(), {true, false, false, false},
       "refused stores left the array alone")
  a:fromtable({false, true, true, false})
  T.eq(a:totable(), {false, true, true, false}, "booleans store")
  a:set(true, 1)
  T.eq(a[1], true, "set(true)")
end

-- Arguments a method would ignore are refused, naming the method.
local function no_ignored_arguments()
  local a = assert(sa.create(T.name("args"), {2, 3}, "i4"))
  a:fromtable({1, 2, 3, 4, 5, 6})
  T.raises(function() return a:totable(2, 3) end,
           "bad argument #1 to 'totable' (no arguments expected: totable " ..
           "copies the whole array", "a:totable(2, 3)")
  T.raises(function() return a:totable(2) end, "no arguments expected",
           "a:totable(2)")
  T.eq(a:totable(), {1, 2, 3, 4, 5, 6}, "a:totable() still works")
  for _, m in ipairs({"shape", "dtype", "ndim", "order", "readonly", "name",
                      "nbytes", "itemsize", "mlock", "munlock"}) do
    T.raises(function() return a[m](a, 1) end, "(no arguments expected)",
             "a:" .. m .. "(1)")
  end
  T.raises(function() return a:shape(1) end,
           "bad argument #1 to 'shape' (no arguments expected)", "a:shape(1)")
  T.raises(function() a:fromtable({1, 2, 3, 4, 5, 6}, 1) end,
           "fromtable takes one table", "a:fromtable(t, 1)")
  T.raises(function() a:msync(sa.MS_SYNC, 1) end,
           "bad argument #2 to 'msync' (at most 1 argument expected)",
           "a:msync(flags, 1)")
  T.raises(function() a:mlock(1) end,
           "bad argument #1 to 'mlock' (no arguments expected)", "a:mlock(1)")
  T.eq(a:msync(nil), true, "a:msync(nil) is the default")
  T.raises(function() a:close(1) end, "no arguments expected", "a:close(1)")
  T.eq(a[1], 1, "the refused close left the array open")
  do
    local b <close> = assert(sa.attach(a:name()))
    T.eq(b[2], 2, "<close> still closes (its __close gets two arguments)")
  end
  a:close()
end

T.run(function()
  ipairs_stops()
  b1_booleans_only()
  no_ignored_arguments()
end)
