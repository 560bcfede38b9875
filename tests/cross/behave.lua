-- behave.lua -- the Lua agent of the behaviour table (run by
-- tests/cross/behave.py, which describes the protocol): one command per
-- line on stdin, one reply per line on stdout ("ok ..." or "err CODE MSG").
--   read      a:get(i, j, ...) at each logical (numpy) index, C order
--   flat      a[k] for k = 1..#a (memory order), checked against a:totable()
--   set       a:set(v, i, j, ...)      setflat  a[k] = v
--   setlast   a[#a] = v                fill     a:fromtable(t)
-- Needs LUA_CPATH to find sharedarray.so.
local sa = require "sharedarray"
-- unravel.lua sits beside this script
package.path = (arg[0]:match("(.*/)") or "./") .. "?.lua;" .. package.path
local unravel = require "unravel"

local slots = {}

local function token(v)
  if type(v) == "boolean" then return v and "1" or "0" end
  if math.type(v) == "integer" then return string.format("%d", v) end
  if type(v) == "table" then return token(v[1]) .. "," .. token(v[2]) end
  return string.format("%.17g", v)
end

local function float(s)
  if s == "nan" then return 0.0 / 0.0 end
  if s == "inf" then return math.huge end
  if s == "-inf" then return -math.huge end
  local v = assert(tonumber(s), "bad number " .. s)
  return math.type(v) == "integer" and v + 0.0 or v   -- keeps -0.0
end

local function parse(descr, s)
  local kind = descr:sub(2, 2)
  if kind == "b" then return s == "1" end
  if kind == "i" or kind == "u" then return assert(math.tointeger(tonumber(s)), "bad integer " .. s) end
  if kind == "f" then return float(s) end
  local re, im = s:match("^([^,]+),([^,]+)$")
  return {float(re), float(im)}
end

-- An error reply: CODE from the errno of a nil, msg, errno return, or from
-- the text of a raised error.
local function refuse(msg, e)
  local code = "other"
  local name = e and sa.errname(e) or ""
  if e == sa.ENOENT then code = "notfound"
  elseif e == sa.EEXIST then code = "exists"
  elseif e == sa.EOWNER then code = "owner"
  elseif tostring(msg):find("read%-only") then code = "readonly" end
  error({code = code, msg = tostring(msg) .. (name ~= "" and " (" .. name .. ")" or "")}, 0)
end

local function check(v, msg, e)
  if v == nil then refuse(msg, e) end
  return v
end

local function protect(f, ...)
  local ok, err = pcall(f, ...)
  if not ok then refuse(err) end
end

local function describe(a, vals)
  local shape = a:shape()
  local out = {"ok", a:dtype(), a:order(), tostring(#shape)}
  for _, d in ipairs(shape) do out[#out + 1] = string.format("%d", d) end
  for _, v in ipairs(vals) do out[#out + 1] = token(v) end
  return out
end

local cmds = {}
function cmds.create(t)
  local shape = {}
  for d = 1, tonumber(t[5]) do shape[d] = math.tointeger(tonumber(t[5 + d])) end
  slots[t[1]] = check(sa.create(t[2], shape, t[3], t[4]))
end
function cmds.attach(t)
  local opts = {ro = t[3] == "ro"}
  if t[4] then opts.owner = math.tointeger(tonumber(t[4])) end
  slots[t[1]] = check(sa.attach(t[2], opts))
end
function cmds.read(t)
  local a, vals = slots[t[1]], {}
  local shape = a:shape()
  for n = 0, #a - 1 do vals[#vals + 1] = a:get(table.unpack(unravel(n, shape))) end
  return describe(a, vals)
end
function cmds.flat(t)
  local a, out = slots[t[1]], {"ok"}
  local bulk = a:totable()
  for k = 1, #a do
    local v = a[k]
    if token(v) ~= token(bulk[k]) then
      error({code = "mismatch", msg = "a[" .. k .. "] " .. token(v) ..
             " but totable()[" .. k .. "] " .. token(bulk[k])}, 0)
    end
    out[#out + 1] = token(v)
  end
  return out
end
function cmds.set(t)
  local a = slots[t[1]]
  local idx = unravel(math.tointeger(tonumber(t[2])), a:shape())
  protect(function() a:set(parse(a:dtype(), t[3]), table.unpack(idx)) end)
end
function cmds.setflat(t)
  local a = slots[t[1]]
  protect(function() a[math.tointeger(tonumber(t[2])) + 1] = parse(a:dtype(), t[3]) end)
end
function cmds.setlast(t)
  local a = slots[t[1]]
  protect(function() a[#a] = parse(a:dtype(), t[2]) end)
end
function cmds.fill(t)
  local a, vals = slots[t[1]], {}
  for k = 2, #t do vals[#vals + 1] = parse(a:dtype(), t[k]) end
  protect(function() a:fromtable(vals) end)
end
function cmds.msync(t) check(slots[t[1]]:msync(sa.MS_SYNC)) end
function cmds.close(t) slots[t[1]]:close(); slots[t[1]] = nil end
function cmds.delete(t) check(sa.delete(t[1])) end

for line in io.lines() do
  local t = {}
  for w in line:gmatch("%S+") do t[#t + 1] = w end
  if t[1] == "quit" then break end
  if #t > 0 then
    local f = cmds[t[1]]
    local ok, out = pcall(function()
      if not f then error({code = "usage", msg = "unknown command " .. t[1]}, 0) end
      return f(table.move(t, 2, #t, 1, {})) or {"ok"}
    end)
    if not ok then
      local e = type(out) == "table" and out or {code = "other", msg = tostring(out)}
      out = {"err", e.code, (e.msg:gsub("\n", " "))}
    end
    io.write(table.concat(out, " "), "\n")
    io.flush()
  end
end
