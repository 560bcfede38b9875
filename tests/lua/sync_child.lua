-- sync_child.lua -- the other process of test_sync.lua and
-- test_provenance.lua: a second lua5.4 that attaches an array and does one
-- thing, telling the parent through its stdout (a pipe) when it is ready.
--   wait NAME SINCE [TIMEOUT]  print "ready PID", then a:wait(SINCE,
--                              TIMEOUT); print "woke GEN A[1]" or
--                              "failed MESSAGE ERRNO"
--   lockhold NAME              a:lock(); print "locked PID"; hold it until
--                              the generation moves (a notify); unlock;
--                              print "released"
--   lock NAME [TIMEOUT]        print "ready PID", then a:lock(TIMEOUT);
--                              print "lock R1 R2 R3", unlock if it locked
--   writer NAME ROUNDS [nolock] for k = 1..ROUNDS, rewrite every element
--                              to k, under the lock unless "nolock"; print
--                              "done"
--   hold NAME                  print "ready PID", wait for a notify, exit
--   create NAME                create a 1-element array, print its name
--                              and our pid, exit (keeping the segment)
local sa = require "sharedarray"

local function pid()
  local f = assert(io.open("/proc/self/stat"))
  local p = f:read("n")
  f:close()
  return math.tointeger(p)
end

local function say(...)
  io.stdout:write(table.concat({...}, " "), "\n")
  io.stdout:flush()
end

local cmd, name = arg[1], arg[2]
if cmd == "create" then
  assert(sa.create(name, {1}, "f8"))
  say("created", name, pid())
  os.exit(0)
end

local a = assert(sa.attach(name))

if cmd == "wait" then
  local since = math.tointeger(tonumber(arg[3]))
  say("ready", pid())
  local g, msg, e = a:wait(since, tonumber(arg[4]))
  if g then say("woke", g, tostring(a[1]))
  else say("failed", msg, e) end
elseif cmd == "lockhold" then
  local g = a:generation()
  assert(a:lock())
  say("locked", pid())
  assert(a:wait(g))
  assert(a:unlock())
  say("released")
elseif cmd == "lock" then
  say("ready", pid())
  local r1, r2, r3 = a:lock(tonumber(arg[3]))
  say("lock", tostring(r1), tostring(r2), tostring(r3))
  if r1 then assert(a:unlock()) end
elseif cmd == "writer" then
  local rounds, locked = math.tointeger(tonumber(arg[3])), arg[4] ~= "nolock"
  local n = #a
  for k = 1, rounds do
    if locked then assert(a:lock()) end
    for i = 1, n do a[i] = k end
    if locked then assert(a:unlock()) end
  end
  say("done")
elseif cmd == "hold" then
  local g = a:generation()
  say("ready", pid())
  assert(a:wait(g))
else
  error("sync_child.lua: unknown command " .. tostring(cmd))
end
