-- lua_access.lua -- element access speed of the Lua binding: ns per element
-- for a[i] reads and a[i] = v writes on a SharedArray, next to the same
-- loops on a plain Lua table (the baseline the binding is judged against).
--
--   LUA_CPATH="<build>/bindings/lua/?.so;;" lua5.4 bench/lua_access.lua [N] [ROUNDS]
--
-- Prints one JSON object per line (machine-readable, no assertions):
--   {"bench":"lua_access","op":"read","target":"sharedarray","dtype":"<f8",
--    "n":1000000,"ns_per_element":12.3,"vs_table":2.1}
-- Each figure is the best of ROUNDS runs of a loop over N elements, in CPU
-- time (os.clock), loop overhead included on both sides. The *_floor rows
-- show what any metamethod costs in Lua 5.4 before doing any work: a[i] on
-- a userdata can never be as cheap as a plain table read.
local sa = require "sharedarray"

local N = math.tointeger(tonumber(arg[1] or "")) or 1000000
local ROUNDS = math.tointeger(tonumber(arg[2] or "")) or 7

local function best(fn, obj)
  local t = math.huge
  for _ = 1, ROUNDS do
    local t0 = os.clock()
    fn(obj)
    local dt = os.clock() - t0
    if dt < t then t = dt end
  end
  return t * 1e9 / N
end

local function read(a)
  local x
  for i = 1, N do x = a[i] end
  return x
end

local function write_float(a)
  for i = 1, N do a[i] = 0.5 end
end

local function write_int(a)
  for i = 1, N do a[i] = 7 end
end

local function emit(op, target, dtype, ns, base)
  print(string.format('{"bench":"lua_access","op":"%s","target":"%s",' ..
                      '"dtype":"%s","n":%d,"ns_per_element":%.2f,' ..
                      '"vs_table":%.2f}', op, target, dtype, N, ns,
                      ns / base))
end

local tbl = {}
for i = 1, N do tbl[i] = 0.0 end
local table_read = best(read, tbl)
local table_write = best(write_float, tbl)
emit("read", "table", "", table_read, table_read)
emit("write", "table", "", table_write, table_write)

-- The floor of any metamethod-based a[i] in Lua 5.4: an empty proxy whose
-- __index/__newindex is a built-in C function doing next to nothing
-- (rawequal), and one whose __index is a Lua function returning a constant.
local cfloor = setmetatable({}, {__index = rawequal, __newindex = rawequal})
emit("read", "c_metamethod_floor", "", best(read, cfloor), table_read)
emit("write", "c_metamethod_floor", "", best(write_float, cfloor), table_write)
local lfloor = setmetatable({}, {__index = function() return 0.0 end,
                                 __newindex = function() end})
emit("read", "lua_metamethod_floor", "", best(read, lfloor), table_read)
emit("write", "lua_metamethod_floor", "", best(write_float, lfloor),
     table_write)

local name = string.format("sa-bench-lua-%d", math.random(1, 1 << 30))
for _, dtype in ipairs({"<f8", "<i4", ">f8", "<f2"}) do
  local a = assert(sa.create(name, {N}, dtype))
  local w = dtype:find("i") and write_int or write_float
  emit("read", "sharedarray", dtype, best(read, a), table_read)
  emit("write", "sharedarray", dtype, best(w, a), table_write)
  a:close()
  assert(sa.delete(name))
end
