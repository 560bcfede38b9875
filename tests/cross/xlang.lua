-- xlang.lua -- the Lua writer and reader of the conformance matrix (run by
-- tests/cross/xlang.py, which describes the spec and report formats).
--
--   lua5.4 xlang.lua write SPEC OUT   create every array with sa.create and
--                                     set each element with a:set(v, i, j, ...)
--                                     at its 1-based logical (numpy) index
--   lua5.4 xlang.lua read SPEC OUT    attach each array read-only and write
--                                     what a:get(i, j, ...) gives, in
--                                     logical C order, as JSON
--
-- A failure on one array is reported and the others still run; the exit
-- status is 1 if any failed. Needs LUA_CPATH to find sharedarray.so.
local sa = require "sharedarray"
-- unravel.lua sits beside this script
package.path = (arg[0]:match("(.*/)") or "./") .. "?.lua;" .. package.path
local unravel = require "unravel"

local role, spec_path, out_path = arg[1], arg[2], arg[3]
assert(role == "write" or role == "read", "usage: xlang.lua write|read SPEC OUT")

local function words(line)
  local t = {}
  for w in line:gmatch("%S+") do t[#t + 1] = w end
  return t
end

local function write_one(t)
  local name, descr, order, ndim = t[1], t[2], t[3], tonumber(t[4])
  local shape = {}
  for d = 1, ndim do shape[d] = math.tointeger(tonumber(t[4 + d])) end
  local a <close> = assert(sa.create(name, shape, descr, order))
  local kind, pos = descr:sub(2, 2), 5 + ndim
  for n = 0, #a - 1 do
    local v
    if kind == "b" then
      v = t[pos] == "1"
    elseif kind == "i" or kind == "u" then
      v = math.tointeger(tonumber(t[pos]))
    elseif kind == "f" then
      v = tonumber(t[pos]) + 0.0
    else
      v = {tonumber(t[pos]) + 0.0, tonumber(t[pos + 1]) + 0.0}
      pos = pos + 1
    end
    pos = pos + 1
    a:set(v, table.unpack(unravel(n, shape)))
  end
end

-- A value as JSON: integers stay integers, floats keep a '.' or exponent.
local function json_value(v)
  local ty = math.type(v)
  if ty == "integer" then return string.format("%d", v) end
  if ty == "float" then
    local s = string.format("%.17g", v)
    if not s:find("[.en]") then s = s .. ".0" end
    return s
  end
  if type(v) == "boolean" then return tostring(v) end
  if type(v) == "table" then
    return "[" .. json_value(v[1]) .. ", " .. json_value(v[2]) .. "]"
  end
  error("unexpected value of type " .. type(v))
end

local function json_string(s)
  return '"' .. s:gsub('[\\"]', "\\%0") .. '"'
end

local function read_one(name)
  local a <close> = assert(sa.attach(name, true))
  local shape, vals = a:shape(), {}
  for n = 0, #a - 1 do
    vals[#vals + 1] = json_value(a:get(table.unpack(unravel(n, shape))))
  end
  local dims = {}
  for d = 1, #shape do dims[d] = string.format("%d", shape[d]) end
  return string.format('{"name": %s, "descr": %s, "order": %s, "shape": [%s], "values": [%s]}',
    json_string(name), json_string(a:dtype()), json_string(a:order()),
    table.concat(dims, ", "), table.concat(vals, ", "))
end

local bad, records = 0, {}
for line in io.lines(spec_path) do
  local t = words(line)
  if #t > 0 then
    if role == "write" then
      local ok, err = pcall(write_one, t)
      if not ok then
        print("xlang.lua write " .. t[1] .. ": " .. tostring(err))
        bad = bad + 1
      end
    else
      local ok, rec = pcall(read_one, t[1])
      if not ok then
        rec = string.format('{"name": %s, "error": %s}', json_string(t[1]),
                            json_string(tostring(rec)))
        bad = bad + 1
      end
      records[#records + 1] = rec
    end
  end
end
if role == "read" then
  local f = assert(io.open(out_path, "w"))
  f:write('{"arrays": [', table.concat(records, ",\n"), "]}\n")
  f:close()
end
os.exit(bad == 0 and 0 or 1)
