-- test_sync.lua -- lock, notify, wait, generation and snapshot (issue 15)
-- across processes: each other process is a second lua5.4 running
-- sync_child.lua, synchronised through its stdout pipe, its exit, or our
-- own notify/wait; nothing sleeps to synchronise.
local T = require "sa_test"
local sa = T.sa

local lua = arg[-1] or "lua5.4"
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local child_script = here .. "/sync_child.lua"

-- Start sync_child.lua CMD ARGS...; returns the pipe of its stdout (and,
-- with both set, stderr).
local function child(both, ...)
  local words = {"exec", T.q(lua), T.q(child_script)}
  for _, w in ipairs({...}) do words[#words + 1] = T.q(w) end
  local cmd = table.concat(words, " ") .. (both and " 2>&1" or "")
  return assert(io.popen(cmd, "r"))
end

-- The next line of a child, which must start with word; returns the rest.
local function expect(p, word)
  local line = p:read("l")
  T.ok(line and line:sub(1, #word + 1) == word .. " ",
       "child said " .. tostring(line) .. ", want " .. word .. " ...")
  return line:sub(#word + 2)
end

-- A child must exit with status 0.
local function finish(p, what)
  local ok, how, code = p:close()
  T.ok(ok, string.format("%s: child exited with %s %s", what, tostring(how),
                         tostring(code)))
end

-- Seconds since boot (/proc/uptime, 10 ms resolution): for checking that
-- a timeout took about as long as asked, not for synchronising.
local function uptime()
  local f = assert(io.open("/proc/uptime"))
  local t = f:read("n")
  f:close()
  return t
end

local function kill(sig, pid)
  assert(os.execute("kill -" .. sig .. " " .. math.tointeger(pid)))
end

-- Spin (no sleep) until process pid sleeps: it is then inside a blocking
-- call, which is what an interrupt test wants to hit.
local function until_asleep(pid)
  for _ = 1, 1000000 do
    local f = io.open("/proc/" .. pid .. "/stat")
    if not f then return end
    local s = f:read("a")
    f:close()
    if s:match("^%d+ %b() (%a)") == "S" then return end
  end
end

T.run(function()
  -- ------------------------------------------------- one process alone
  local n = T.name("sync")
  local a = assert(sa.create(n, {4}, "f8"))
  T.eq(a:generation(), 0, "a new array's generation")
  T.eq(sa.generation(a), 0, "sa.generation(a)")
  T.eq(a:notify(), true, "notify gives true")
  T.eq(a:generation(), 1, "notify adds 1")
  T.eq(a:wait(0), 1, "wait returns at once when the generation differs")
  T.eq(a:wait(0, 0), 1, "and with a timeout of 0")
  T.fails(sa.ETIMEDOUT, "timed out", "wait(1, 0)", a:wait(1, 0))
  local t0 = uptime()
  local r, msg, e = a:wait(1, 0.2)
  T.eq({r, msg, e}, {nil, "timed out", sa.ETIMEDOUT}, "wait timeout")
  T.ok(uptime() - t0 >= 0.15, "a 0.2 s wait waited (" .. uptime() - t0 .. ")")
  -- a handle closed (or collected) while its lock is held gives it back
  do
    local b <close> = assert(sa.attach(n))
    T.eq(b:lock(), true, "lock through a second handle")
  end
  T.eq(a:lock(0), true, "the closed handle's lock was given back")
  T.eq(a:unlock(), true, "unlock")
  do
    local c = assert(sa.attach(n))
    T.eq(c:lock(), true, "lock through a handle that will be collected")
  end
  collectgarbage()
  collectgarbage()
  T.eq(a:lock(0), true, "the collected handle's lock was given back")
  T.eq(a:unlock(), true, "unlock")
  T.eq({a:lock()}, {true}, "lock")
  T.fails(sa.EDEADLK, n, "a second lock by the same thread", a:lock(0))
  T.eq({a:unlock()}, {true}, "unlock")
  T.fails(sa.EPERM, "does not hold", "unlock when not held", a:unlock())
  T.eq({a:lock(0)}, {true}, "lock(0) takes a free lock")
  T.eq({sa.unlock(a)}, {true}, "sa.unlock(a)")
  T.eq({sa.lock(a, 1.5)}, {true}, "sa.lock(a, seconds)")
  assert(a:unlock())
  a:fromtable({1, 2, 3, 4})
  T.eq({a:snapshot()}, {{1.0, 2.0, 3.0, 4.0}}, "snapshot: a table copy")
  T.eq({a:snapshot(0)}, {{1.0, 2.0, 3.0, 4.0}}, "snapshot(0)")
  T.fails(sa.EINVAL, "timeout must be", "a negative timeout", a:lock(-1))
  T.fails(sa.EINVAL, "timeout must be", "a NaN timeout", a:wait(0, 0 / 0))
  T.raises(function() a:lock({}) end, "number expected", "a table timeout")
  T.raises(function() a:wait() end, "number expected", "wait without since")
  -- a negative since would read as 2^64-1 and return at once: refused
  T.raises(function() a:wait(-1, 0) end, "since must be a generation >= 0",
           "wait(-1) raises")
  T.raises(function() sa.wait(a, -5, 0) end, "since must be", "sa.wait(a, -5)")
  T.raises(function() a:wait(math.mininteger, 0) end, "since must be",
           "wait(math.mininteger) raises")
  T.raises(function() a:wait(1.5, 0) end, "no integer representation",
           "wait(1.5) raises")
  T.raises(function() a:wait(0 / 0, 0) end, "no integer representation",
           "wait(NaN) raises")
  T.raises(function() a:wait(-0.5, 0) end, "no integer representation",
           "wait(-0.5) raises")
  for _, since in ipairs({a:generation(), a:generation() * 1.0}) do
    local res = table.pack(a:wait(since, 0))
    T.eq({res.n, res[1] == nil, res[2], res[3]},
         {3, true, "timed out", sa.ETIMEDOUT},
         "a timeout stays nil, \"timed out\", sa.ETIMEDOUT (since "
         .. T.show(since) .. ")")
  end
  T.raises(function() a:notify(1) end, "no arguments expected", "notify(1)")
  T.raises(function() a:wait(1, 2, 3) end, "at most 2 arguments",
           "wait(1, 2, 3)")
  local ro = assert(sa.attach(n, true))
  T.eq(ro:generation(), 1, "a read-only attach reads the generation")
  T.eq(ro:wait(0), 1, "and waits")
  -- the segment is writable for us: a read-only attach may lock too
  T.eq({ro:lock()}, {true}, "a read-only attach locks")
  T.eq({ro:unlock()}, {true}, "and unlocks")
  ro:close()
  a:close()
  T.raises(function() a:lock() end, "closed", "lock of a closed array")

  -- --------------------------- notify in one process wakes another's wait
  a = assert(sa.attach(n))
  local g = a:generation()
  local p = child(false, "wait", n, g)
  expect(p, "ready")
  a[1] = 42.5
  assert(a:notify())
  T.eq(expect(p, "woke"), string.format("%d 42.5", g + 1),
       "the waiter woke with the new generation and read the new data")
  finish(p, "waiter")

  -- ------------------------------------------------------ many waiters
  g = a:generation()
  local waiters = {}
  for k = 1, 5 do
    waiters[k] = child(false, "wait", n, g)
    expect(waiters[k], "ready")
  end
  a[1] = 7
  assert(a:notify())
  for k, w in ipairs(waiters) do
    T.eq(expect(w, "woke"), string.format("%d 7.0", g + 1), "waiter " .. k)
    finish(w, "waiter " .. k)
  end

  -- ----------------------------------------- a waiter's own timeout
  p = child(false, "wait", n, a:generation(), "0.1")
  expect(p, "ready")
  T.eq(expect(p, "failed"), "timed out " .. sa.ETIMEDOUT, "child timeout")
  finish(p, "timed-out waiter")

  -- ------------------------------------------ a lock held by another
  local holder = child(false, "lockhold", n)
  local hpid = tonumber(expect(holder, "locked"))
  T.fails(sa.ETIMEDOUT, "timed out", "lock(0) of a held lock", a:lock(0))
  t0 = uptime()
  T.eq({a:lock(0.2)}, {nil, "timed out", sa.ETIMEDOUT}, "lock timeout")
  T.ok(uptime() - t0 >= 0.15, "a 0.2 s lock waited")
  T.eq({a:snapshot(0.05)}, {nil, "timed out", sa.ETIMEDOUT},
       "snapshot timeout")
  T.fails(sa.EPERM, "another thread", "unlock of another's lock",
          a:unlock())

  -- Ctrl-C (SIGINT) interrupts a lock that waits: lua5.4's "interrupted!"
  local locker = child(true, "lock", n)
  local lpid = tonumber(expect(locker, "ready"))
  until_asleep(lpid)
  kill("INT", lpid)
  local out = locker:read("a")
  T.ok(out:find("interrupted!", 1, true), "SIGINT interrupts a lock: " .. out)
  T.ok(not locker:close(), "the interrupted locker failed")

  -- the holder releases when notified; then the lock is free again
  assert(a:notify())
  T.eq(holder:read("l"), "released", "the holder released the lock")
  finish(holder, "holder")
  T.eq({a:lock(5)}, {true}, "a released lock is taken")
  assert(a:unlock())
  T.ok(hpid > 0, "holder pid")

  -- Ctrl-C interrupts a wait too
  p = child(true, "wait", n, a:generation())
  local wpid = tonumber(expect(p, "ready"))
  until_asleep(wpid)
  kill("INT", wpid)
  out = p:read("a")
  T.ok(out:find("interrupted!", 1, true), "SIGINT interrupts a wait: " .. out)
  T.ok(not p:close(), "the interrupted waiter failed")

  -- ------------------------------------------------------- owner death
  -- a holder killed with SIGKILL while another process waits for the lock
  holder = child(false, "lockhold", n)
  hpid = tonumber(expect(holder, "locked"))
  locker = child(false, "lock", n)
  expect(locker, "ready")
  kill("KILL", hpid)
  T.ok(not holder:close(), "the holder was killed")
  T.eq(locker:read("l"), "lock true owner died nil",
       "the waiting locker got the lock and was told its owner died")
  finish(locker, "locker")
  T.eq({a:lock(0)}, {true}, "the next locker is not told again")
  assert(a:unlock())
  -- and with nobody waiting: the next locker here is told
  holder = child(false, "lockhold", n)
  hpid = tonumber(expect(holder, "locked"))
  kill("KILL", hpid)
  T.ok(not holder:close(), "the holder was killed")
  T.eq({a:lock(5)}, {true, "owner died"}, "lock after the holder died")
  assert(a:unlock())
  holder = child(false, "lockhold", n)
  kill("KILL", tonumber(expect(holder, "locked")))
  holder:close()
  local snap, died = a:snapshot(5)
  T.eq({#snap, died}, {4, "owner died"}, "snapshot says so too")
  T.eq({a:snapshot()}, {a:totable()}, "and then not")

  -- ---------------------------------------------------------- torn reads
  -- A writer rewrites the whole array under the lock, round after round;
  -- every snapshot taken meanwhile is uniform.
  local big = T.name("torn")
  local b = assert(sa.create(big, {20000}, "i4"))
  local rounds = 200
  local w = child(false, "writer", big, rounds)
  local snaps, last = 0, 0
  repeat
    local s = assert(b:snapshot())
    local v = s[1]
    for i = 2, #s do
      if s[i] ~= v then
        error(string.format("torn snapshot: s[1] = %d, s[%d] = %d", v, i,
                            s[i]))
      end
    end
    T.ok(v >= last, "rounds only grow")
    last, snaps = v, snaps + 1
  until v == rounds
  T.eq(w:read("l"), "done", "the writer finished")
  finish(w, "writer")
  T.ok(snaps >= 1, "snapshots taken: " .. snaps)
  -- The same without the lock (writer and reader): torn copies are
  -- possible, which is what the lock prevents. Reported, not required
  -- (two processes may not overlap on a busy machine).
  for i = 1, #b do b[i] = 0 end
  w = child(false, "writer", big, rounds, "nolock")
  local torn, copies = 0, 0
  repeat
    local s = b:totable()
    local v = s[1]
    for i = 2, #s do
      if s[i] ~= v then torn = torn + 1 break end
    end
    copies = copies + 1
  until s[#s] == rounds and v == rounds
  T.eq(w:read("l"), "done", "the unlocked writer finished")
  finish(w, "unlocked writer")
  print(string.format("without the lock: %d of %d copies torn", torn, copies))

  -- -------------------------------------- no trailer: SA_ENOSYNC, named
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -m 700 " .. T.q(dir)))
  local ok, err = pcall(function()
    local path = dir .. "/plain.npy"
    -- an np.save file, written by hand: magic, version 1.0, header, data
    local header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
    local total = 10 + #header + 1
    header = header .. string.rep(" ", (64 - total % 64) % 64) .. "\n"
    local f = assert(io.open(path, "wb"))
    f:write("\x93NUMPY\x01\x00", string.pack("<I2", #header), header,
            string.pack("<ddd", 1.5, 2.5, 3.5))
    f:close()
    local c = assert(sa.attach("file://" .. path))
    T.eq(c:totable(), {1.5, 2.5, 3.5}, "an np.save file attaches")
    for _, op in ipairs({
        {"lock", function() return c:lock() end},
        {"unlock", function() return c:unlock() end},
        {"notify", function() return c:notify() end},
        {"wait", function() return c:wait(0, 0) end},
        {"generation", function() return c:generation() end},
        {"snapshot", function() return c:snapshot() end}}) do
      local m = T.fails(sa.ENOSYNC, path, op[1] .. " without a trailer",
                        op[2]())
      T.ok(m:find("synchronisation", 1, true), op[1] .. ": says why: " .. m)
    end
    c:close()
  end)
  os.execute("rm -rf " .. T.q(dir))
  if not ok then error(err, 0) end

  sa.delete(n)
  sa.delete(big)
end)
