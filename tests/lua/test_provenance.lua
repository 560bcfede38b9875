-- test_provenance.lua -- sa.info's and sa.list's provenance and holders
-- (issue 16): who created a segment and when, and which processes map it
-- now. Other processes are lua5.4 running sync_child.lua, synchronised
-- through their stdout pipes, their exits and our notify; no sleeps.
local T = require "sa_test"
local sa = T.sa

local lua = arg[-1] or "lua5.4"
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local child_script = here .. "/sync_child.lua"

local function child(...)
  local words = {"exec", T.q(lua), T.q(child_script)}
  for _, w in ipairs({...}) do words[#words + 1] = T.q(w) end
  return assert(io.popen(table.concat(words, " "), "r"))
end

local function has(list, v)
  for _, x in ipairs(list) do if x == v then return true end end
  return false
end

local function record(n)
  for _, r in ipairs(assert(sa.list())) do
    if r.name == n then return r end
  end
end

T.run(function()
  local me = T.pid()
  local n = T.name("prov")
  local before = os.time()
  local a = assert(sa.create(n, {3}, "i8"))
  local after = os.time()
  local i = assert(sa.info(n))
  T.eq(i.has_sync, true, "has_sync")
  T.eq(i.generation, 0, "generation")
  T.eq(i.creator_pid, me, "creator_pid is this process")
  T.eq(i.creator_alive, true, "its creator is alive")
  T.eq(i.stale, false, "not stale")
  T.eq(math.type(i.created_ns), "integer", "created_ns is an integer")
  local secs = i.created_ns // 1000000000
  T.ok(secs >= before - 2 and secs <= after + 2,
       "created within a few seconds of now: " .. i.created)
  T.eq(i.created, os.date("!%Y-%m-%dT%H:%M:%S", secs) ..
       string.format(".%06dZ", i.created_ns % 1000000000 // 1000),
       "created: ISO 8601 UTC, the same instant as created_ns")
  T.ok(has(i.holders, me), "we hold it (we map it)")
  T.eq(type(i.holders_incomplete), "boolean", "holders_incomplete")
  a:notify()
  T.eq(assert(sa.info(n)).generation, 1, "info follows the generation")

  -- a child that attaches appears among the holders, and goes when it exits
  local p = child("hold", n)
  local line = p:read("l")
  local cpid = math.tointeger(tonumber(line:match("^ready (%d+)$")))
  T.ok(cpid, "the child's pid: " .. tostring(line))
  i = assert(sa.info(n))
  T.ok(has(i.holders, cpid) and has(i.holders, me),
       "the child holds it too: " .. T.show(i.holders))
  local r = record(n)
  T.ok(r and has(r.holders, cpid), "sa.list's record shows the holders")
  T.eq(r.creator_pid, me, "and the creator")
  T.eq(r.created, i.created, "and when")
  assert(a:notify())
  T.ok(p:close(), "the child exited")
  i = assert(sa.info(n))
  T.ok(not has(i.holders, cpid), "gone from the holders once it exited")
  T.ok(has(i.holders, me), "we still hold it")
  -- after our close, nobody holds it (the name is still there)
  a:close()
  collectgarbage()
  T.eq(assert(sa.info(n)).holders, {}, "no holders after close")
  T.eq(assert(sa.info(n)).stale, false, "not stale: its creator lives")

  -- a creator that exits: creator_alive false, stale once nobody holds it
  local m = T.name("gone")
  p = child("create", m)
  line = p:read("l")
  T.ok(p:close(), "the creating child exited")
  local gpid = math.tointeger(tonumber(line:match("^created %S+ (%d+)$")))
  i = assert(sa.info(m))
  T.eq(i.creator_pid, gpid, "creator_pid is the child's")
  T.eq(i.creator_alive, false, "and it is gone")
  T.eq(i.holders, {}, "nobody holds it")
  T.eq(i.stale, true, "so it is stale")
  local b = assert(sa.attach(m))
  i = assert(sa.info(m))
  T.eq({i.holders, i.stale}, {{me}, false}, "held again: not stale")
  b:close()

  -- no trailer: an np.save file; what can be known (holders), nil else
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -m 700 " .. T.q(dir)))
  local ok, err = pcall(function()
    local path = dir .. "/plain.npy"
    local header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }"
    local total = 10 + #header + 1
    header = header .. string.rep(" ", (64 - total % 64) % 64) .. "\n"
    local f = assert(io.open(path, "wb"))
    f:write("\x93NUMPY\x01\x00", string.pack("<I2", #header), header, "\1\2")
    f:close()
    local c = assert(sa.attach("file://" .. path))
    i = assert(sa.info("file://" .. path))
    T.eq(i.has_sync, false, "no trailer")
    T.eq({i.generation, i.creator_pid, i.creator_alive, i.created,
          i.created_ns, i.stale}, {}, "generation and provenance are nil")
    T.eq(i.holders, {me}, "holders are known without a trailer")
    local recs = assert(sa.list("file://" .. dir))
    T.eq({#recs, recs[1].has_sync, recs[1].creator_pid}, {1, false, nil},
         "the listing's record too")
    T.eq(recs[1].holders, {me}, "and its holders")
    c:close()
    collectgarbage()
    T.eq(assert(sa.info("file://" .. path)).holders, {}, "none after close")
  end)
  os.execute("rm -rf " .. T.q(dir))
  if not ok then error(err, 0) end

  sa.delete(n)
  sa.delete(m)
end)
