-- sa_test.lua -- the few helpers the Lua tests share: checks that print
-- both values, unique segment names with cleanup, and /proc probes.
--
-- Each test script runs as its own lua5.4 process (one ctest test each);
-- any failed check raises, so the process exits non-zero and ctest reports
-- the message and traceback.
local T = {}

T.sa = require "sharedarray"

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if math.type(v) == "float" then return string.format("%.17g (float)", v) end
  if type(v) == "table" then
    local parts = {}
    for i = 1, #v do parts[i] = show(v[i]) end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  return tostring(v) .. (math.type(v) == "integer" and " (integer)" or "")
end
T.show = show

local function same(a, b)
  if type(a) == "table" and type(b) == "table" then
    if #a ~= #b then return false end
    for i = 1, #a do
      if not same(a[i], b[i]) then return false end
    end
    return true
  end
  if a ~= a and b ~= b then return true end -- NaN
  return a == b and math.type(a) == math.type(b)
end

-- check_eq(got, want, what): equal values of the same Lua (sub)type.
function T.eq(got, want, what)
  if not same(got, want) then
    error(string.format("%s: got %s, want %s", what or "check", show(got),
                        show(want)), 2)
  end
end

function T.ok(cond, what)
  if not cond then error("check failed: " .. tostring(what), 2) end
  return cond
end

-- raises(fn, pattern, what): fn() must raise an error matching pattern
-- (plain text); returns the message.
function T.raises(fn, pattern, what)
  local ok, msg = pcall(fn)
  if ok then error((what or "raises") .. ": no error raised", 2) end
  msg = tostring(msg)
  if not msg:find(pattern, 1, true) then
    error(string.format("%s: error %q does not contain %q", what or "raises",
                        msg, pattern), 2)
  end
  return msg
end

-- fails(ok, msg, errno, want_errno, pattern, what): checks an io.open-style
-- failure.
function T.fails(want_errno, pattern, what, ok, msg, errno)
  if ok ~= nil then error(what .. ": did not fail (got " .. show(ok) .. ")", 2) end
  if type(msg) ~= "string" or not msg:find(pattern, 1, true) then
    error(string.format("%s: message %s does not contain %q", what, show(msg),
                        pattern), 2)
  end
  if errno ~= want_errno then
    error(string.format("%s: errno %s, want %s", what, show(errno),
                        show(want_errno)), 2)
  end
  return msg
end

-- Our process id, from /proc/self/stat (plain Lua has no getpid).
function T.pid()
  local f = assert(io.open("/proc/self/stat"))
  local pid = f:read("n")
  f:close()
  return math.tointeger(pid)
end

-- A segment name unique to this process and call; T.cleanup() removes all
-- the names handed out that still exist.
local names = {}
local serial = 0
local pid = T.pid()
function T.name(tag)
  serial = serial + 1
  local n = string.format("salua-%s-%d-%d-%d", tag or "t", pid, serial,
                          math.random(1, 1 << 30))
  names[#names + 1] = n
  return n
end

function T.cleanup()
  for _, n in ipairs(names) do os.remove("/dev/shm/" .. n) end
end

-- Run fn, then clean up; on failure clean up and re-raise with traceback.
function T.run(fn)
  local ok, err = xpcall(fn, debug.traceback)
  T.cleanup()
  if not ok then
    io.stderr:write(err, "\n")
    os.exit(1)
  end
  print("ok")
end

-- How many of our mappings are of the named shm segment (deleted or not).
function T.mappings(name)
  local n, path = 0, "/dev/shm/" .. name
  for line in io.lines("/proc/self/maps") do
    local file = line:match("%s(/%S.-)$")
    if file == path or file == path .. " (deleted)" then n = n + 1 end
  end
  return n
end

-- How many file descriptors this process has open, pipes aside. A child
-- lists them (plain Lua cannot read a directory); pipes are left out because
-- io.popen's own pipe ends come and go while the child runs.
function T.fds()
  local p = assert(io.popen("cd /proc/" .. pid .. "/fd && for f in *; do " ..
                            "readlink \"$f\"; done"))
  local n = 0
  for target in p:lines() do
    if not target:find("^pipe:") then n = n + 1 end
  end
  p:close()
  return n
end

-- A file on /dev/shm exists?
function T.exists(name)
  local f = io.open("/dev/shm/" .. name)
  if f then f:close() return true end
  return false
end

-- Shell-quote one word.
function T.q(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

return T
