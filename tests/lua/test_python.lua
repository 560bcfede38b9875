-- test_python.lua -- Lua and Python/numpy share the same bytes.
--   lua5.4 test_python.lua python_to_lua  numpy creates, Lua reads and
--                                          patches, numpy sees the patch
--   lua5.4 test_python.lua lua_to_python  Lua creates (every dtype), numpy
--                                          reads, numpy writes into the live
--                                          mapping, Lua sees it
-- The interpreter is $SA_PYTHON (numpy required); pyside.py sits beside this
-- file. Each Python run is a child process that has exited before Lua
-- looks, so no sleeping is needed.
local T = require "sa_test"
local sa = T.sa

local python = os.getenv("SA_PYTHON") or "python3"
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local pyside = here .. "/pyside.py"

local inf, nan = math.huge, 0.0 / 0.0
local maxi, mini = math.maxinteger, math.mininteger

-- Values exactly representable in each dtype, as Lua reads them back.
local cases = {
  {"|b1", {true, false, true}},
  {"|i1", {-128, 127, 5}},
  {"<i2", {-32768, 32767, 3}}, {">i2", {-32768, 258, 1}},
  {"<i4", {-2147483648, 16909060, 7}}, {">i4", {-2147483648, 16909060, 7}},
  {"<i8", {mini, maxi, (1 << 53) + 1}}, {">i8", {mini, maxi, 0x0102030405060708}},
  {"|u1", {0, 255, 7}},
  {"<u2", {65535, 258, 0}}, {">u2", {65535, 258, 0}},
  {"<u4", {4294967295, 16909060, 1}}, {">u4", {4294967295, 16909060, 1}},
  {"<u8", {-1, maxi, mini}}, {">u8", {-1, 0x0102030405060708, 0}},
  {"<f2", {0.5, -65504.0, 0.0999755859375}},
  {">f2", {0.5, -65504.0, 0.0999755859375}},
  {"<f4", {0.10000000149011612, -1.5, inf}},
  {">f4", {0.10000000149011612, -1.5, -inf}},
  {"<f8", {math.pi, -0.0, nan}}, {">f8", {math.pi, 1e-310, inf}},
  {"<c8", {{1.5, -2.0}, {0.10000000149011612, 0.0}, {inf, 1.0}}},
  {">c8", {{1.5, -2.0}, {0.10000000149011612, 0.0}, {-inf, 1.0}}},
  {"<c16", {{1e300, -1e-300}, {math.pi, -math.pi}, {0.0, 0.0}}},
  {">c16", {{1e300, -1e-300}, {math.pi, -math.pi}, {nan, 0.0}}},
}

local function text(v)
  if type(v) == "boolean" then return tostring(v) end
  if math.type(v) == "integer" then return string.format("%d", v) end
  if type(v) == "table" then
    return string.format("%.17g,%.17g", v[1], v[2])
  end
  return string.format("%.17g", v)
end

-- A batch of pyside.py commands, run by one Python process.
local function batch()
  local words = {T.q(python), T.q(pyside)}
  local b = {}
  function b.add(...)
    for _, w in ipairs({...}) do
      if type(w) == "table" then
        for _, v in ipairs(w) do words[#words + 1] = T.q(text(v)) end
      else
        words[#words + 1] = T.q(w)
      end
    end
    words[#words + 1] = "';'"
  end
  function b.run()
    local cmd = table.concat(words, " ")
    local ok, how, code = os.execute(cmd)
    if not ok then
      error(string.format("python failed (%s %s): %s", how, code, cmd), 2)
    end
    words = {T.q(python), T.q(pyside)}
  end
  return b
end

-- numpy creates, Lua reads and patches, numpy sees the patch.
local function python_to_lua()
  local py = batch()
  local names = {}
  for i, c in ipairs(cases) do
    names[i] = T.name("py")
    py.add("create", names[i], c[1], "C", "3", c[2])
  end
  for _, order in ipairs({"C", "F"}) do
    names[order] = T.name("py2d")
    py.add("create", names[order], "<i4", order, "2,3", {1, 2, 3, 4, 5, 6})
  end
  py.run()
  for i, c in ipairs(cases) do
    local descr, vals, n = c[1], c[2], names[i]
    local a <close> = assert(sa.attach(n))
    T.eq(a:dtype(), descr, descr .. ": dtype as numpy wrote it")
    T.eq(a:totable(), vals, descr .. ": Lua reads what numpy wrote")
    -- patch: rotate the values, one by a[i], one by set, one by a[i] again
    local want = {vals[2], vals[3], vals[1]}
    a[1] = want[1]
    a:set(want[2], 2)
    T.eq(a:totable(), {want[1], want[2], vals[3]}, descr .. ": patched")
    a[3] = want[3]
    py.add("check", n, descr, "C", "3", want)
  end
  -- 2-d in both orders: flat a[i] is memory order, get/set are logical
  for _, order in ipairs({"C", "F"}) do
    local n = names[order]
    local a <close> = assert(sa.attach(n))
    T.eq(a:order(), order, order .. ": order")
    T.eq(a:shape(), {2, 3}, order .. ": shape")
    -- numpy's arr[1, 0] (logical) is memory element 2 (F) or 4 (C)
    T.eq(a:get(2, 1), order == "F" and 2 or 4, order .. ": get(2,1)")
    a:set(-100, 2, 1)
    a[6] = -6
    py.add("at", n, "-100", "2", "1")
    py.add("at", n, "-6", "2", "3") -- the last element in either order
    local want = order == "F" and {1, -100, 3, 4, 5, -6}
                               or {1, 2, 3, -100, 5, -6}
    py.add("check", n, "<i4", order, "2,3", want)
  end
  py.run()
end

-- Lua creates, numpy reads, numpy writes into Lua's live mapping.
local function lua_to_python()
  local py = batch()
  local arrays = {}
  for i, c in ipairs(cases) do
    local descr, vals = c[1], c[2]
    local n = T.name("lua")
    arrays[i] = assert(sa.create(n, {#vals}, descr))
    arrays[i]:fromtable(vals)
    py.add("check", n, descr, "C", tostring(#vals), vals)
    -- numpy writes element 2 while Lua keeps the array mapped
    py.add("set", n, "2", text(vals[1]))
  end
  -- 2-d, F order, and a 0-d array
  local n = T.name("lua2d")
  local a = assert(sa.create(n, {2, 3}, "<f8", "F"))
  for i = 1, 2 do
    for j = 1, 3 do a:set(i * 10 + j + 0.5, i, j) end
  end
  py.add("at", n, "23.5", "2", "3")
  py.add("at", n, "12.5", "1", "2")
  py.add("check", n, "<f8", "F", "2,3", {11.5, 21.5, 12.5, 22.5, 13.5, 23.5})
  local n0 = T.name("lua0d")
  local z = assert(sa.create(n0, {}, "<i8"))
  z[1] = maxi
  py.add("check", n0, "<i8", "C", "", {maxi})
  py.run()
  for i, c in ipairs(cases) do
    T.eq(arrays[i][2], c[2][1], c[1] .. ": Lua sees numpy's write, zero-copy")
    T.eq(arrays[i][1], c[2][1], c[1] .. ": element 1 as Lua wrote it")
    T.eq(arrays[i][3], c[2][3], c[1] .. ": element 3 as Lua wrote it")
  end
end

local which = arg[1]
T.run(function()
  if which == "python_to_lua" then
    python_to_lua()
  elseif which == "lua_to_python" then
    lua_to_python()
  else
    error("usage: lua5.4 test_python.lua python_to_lua|lua_to_python")
  end
end)
