-- cells.lua -- the Lua column of the parity table (tests/parity/table.txt):
-- every row exercised for real, one line each ("ok ID SPELLING", or "fail
-- ID MESSAGE"); parity.py checks the lines against the table and README.
-- Run: LUA_CPATH="<build>/bindings/lua/?.so;;" lua5.4 cells.lua
local sa = require "sharedarray"

local function pid()
  local f = assert(io.open("/proc/self/stat"))
  local p = f:read("n")
  f:close()
  return math.tointeger(p)
end

local names, serial = {}, 0
local function name(tag)
  serial = serial + 1
  local n = string.format("saparity-lua-%s-%d-%d", tag, pid(), serial)
  names[#names + 1] = n
  return n
end

local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -m 700 " .. q(d)))
  return d
end

local function check(cond, what)
  if not cond then error(what, 2) end
  return cond
end

local function fails(want, what, ok, msg, errno)
  check(ok == nil, what .. ": did not fail")
  check(errno == want, string.format("%s: errno %s, want %s (%s)", what,
                                     tostring(errno), tostring(want),
                                     tostring(msg)))
  return msg
end

-- st_blocks of a file (how much of it is allocated), or nil without stat.
local function blocks(path)
  local p = io.popen("stat -c %b " .. q(path) .. " 2>/dev/null")
  local b = p and p:read("n")
  if p then p:close() end
  return b
end

local rows = {}
local function row(id, spelling, fn) rows[#rows + 1] = {id, spelling, fn} end

row("create", 'sa.create(name, shape, dtype)', function()
  local n = name("c")
  local a = assert(sa.create(n, {2, 3}, "i4"))
  check(#a == 6 and a[1] == 0, "zero-filled 2x3")
  a[6] = 42
  local b = assert(sa.attach(n))
  check(b[6] == 42 and b:dtype() == "<i4", "a second attach sees the write")
  assert(sa.delete(n))
end)

row("create_order", 'sa.create(name, shape, dtype, {order = "F"})', function()
  local n = name("o")
  local a = assert(sa.create(n, {2, 3}, "f8", {order = "F"}))
  for i = 1, #a do a[i] = i end
  check(a:order() == "F" and assert(sa.info(n)).order == "F", "order F")
  check(a:get(2, 1) == 2.0 and a:get(1, 2) == 3.0, "column-major layout")
  assert(sa.delete(n))
end)

row("create_mode", 'sa.create(name, shape, dtype, {mode = "0644"})',
    function()
  local n = name("m")
  assert(sa.create(n, {4}, "u1", {mode = "0644"}))
  local info = assert(sa.info(n))
  check(info.mode == 420 and info.mode_octal == "0644", "mode 0644")
  local p = io.popen("stat -c %a " .. q("/dev/shm/" .. n))
  check(p:read("l") == "644", "the segment's permission bits")
  p:close()
  assert(sa.delete(n))
end)

row("create_lazy", 'sa.create(name, shape, dtype, {lazy = true})', function()
  local n = name("l")
  local a = assert(sa.create(n, {1 << 21}, "f8", {lazy = true})) -- 16 MiB
  local b = blocks("/dev/shm/" .. n)
  check(b == nil or b * 512 < 1 << 20, "lazy: the data is not reserved " ..
        "(" .. tostring(b) .. " blocks)")
  a[#a] = 1.5
  check(assert(sa.attach(n))[#a] == 1.5, "a lazy array works")
  assert(sa.delete(n))
end)

row("create_populate", 'sa.create(name, shape, dtype, {populate = true})',
    function()
  local n = name("p")
  local a = assert(sa.create(n, {1 << 18}, "f8", {populate = true}))
  local b = blocks("/dev/shm/" .. n)
  check(b == nil or b * 512 >= (1 << 18) * 8, "populate: every page there")
  a[1] = 3.0
  check(assert(sa.attach(n))[1] == 3.0, "a populated array works")
  assert(sa.delete(n))
end)

row("create_file", 'sa.create("file://path.npy", shape, dtype)', function()
  local d = tmpdir()
  local ok, err = pcall(function()
    local path = d .. "/x.npy"
    local a = assert(sa.create("file://" .. path, {3}, "i2"))
    a[2] = -7
    local f = assert(io.open(path, "rb"))
    check(f:read(6) == "\x93NUMPY", "a .npy file on disk")
    f:close()
    check(assert(sa.attach("file://" .. path))[2] == -7, "attached back")
    assert(sa.delete("file://" .. path))
  end)
  os.execute("rm -rf " .. q(d))
  if not ok then error(err, 0) end
end)

row("attach", 'sa.attach(name)', function()
  local n = name("a")
  local a = assert(sa.create(n, {5}, "f4"))
  local b = assert(sa.attach(n))
  b[3] = 2.5
  check(a[3] == 2.5, "the same memory, both ways")
  a[4] = -1
  check(b[4] == -1.0, "and back")
  assert(sa.delete(n))
end)

row("attach_ro", 'sa.attach(name, {ro = true})', function()
  local n = name("r")
  local a = assert(sa.create(n, {2}, "i8"))
  a[1] = 9
  local r = assert(sa.attach(n, {ro = true}))
  check(r:readonly() and r[1] == 9, "reads")
  local ok, msg = pcall(function() r[1] = 1 end)
  check(not ok and tostring(msg):find("read-only", 1, true),
        "a write is refused")
  check(a[1] == 9, "unchanged")
  assert(sa.delete(n))
end)

row("attach_populate", 'sa.attach(name, {populate = true})', function()
  local n = name("ap")
  local a = assert(sa.create(n, {1000}, "u2"))
  a[1000] = 65535
  local b = assert(sa.attach(n, {populate = true}))
  check(b[1000] == 65535, "a populated attach sees the data")
  assert(sa.delete(n))
end)

row("attach_owner", 'sa.attach(name, {owner = uid})', function()
  local n = name("ow")
  assert(sa.create(n, {2}, "f8"))
  local me = assert(sa.info(n)).uid
  check(assert(sa.attach(n, {owner = me})), "its owner passes")
  check(assert(sa.attach(n, {owner = true})), "owner = true: the caller")
  fails(sa.EOWNER, "another uid", sa.attach(n, {owner = me + 1}))
  assert(sa.delete(n))
end)

row("delete", 'sa.delete(name)', function()
  local n = name("d")
  local a = assert(sa.create(n, {2}, "f8"))
  a[2] = 4.0
  check(sa.delete(n) == true, "delete gives true")
  fails(sa.ENOENT, "attach after delete", sa.attach(n))
  check(a[2] == 4.0, "a live mapping stays valid")
end)

row("delete_force", 'sa.delete(name, true)', function()
  local n = name("f")
  local f = assert(io.open("/dev/shm/" .. n, "w"))
  f:write("not an array")
  f:close()
  fails(sa.EMAGIC, "unforced delete of a non-array", sa.delete(n))
  check(sa.delete(n, true) == true, "forced delete")
  check(io.open("/dev/shm/" .. n) == nil, "gone")
end)

row("info", 'sa.info(name)', function()
  local n = name("i")
  assert(sa.create(n, {3, 4}, ">u2", "F", "0640"))
  local i = assert(sa.info(n))
  check(i.name == n and i.dtype == ">u2" and i.ndim == 2, "name, dtype")
  check(i.shape[1] == 3 and i.shape[2] == 4 and i.order == "F", "shape")
  check(i.nbytes == 24 and i.size >= 24 + 64, "sizes")
  check(i.mode == 416 and i.mode_octal == "0640", "mode")
  check(math.type(i.uid) == "integer", "owner")
  assert(sa.delete(n))
end)

row("list", 'sa.list()', function()
  local n = name("ls")
  assert(sa.create(n, {7}, "c8"))
  local found
  for _, r in ipairs(assert(sa.list())) do
    if r.name == n then found = r end
  end
  check(found and found.dtype == "<c8" and found.shape[1] == 7, "listed")
  assert(sa.delete(n))
end)

row("list_dir", 'sa.list("file://dir")', function()
  local d = tmpdir()
  local ok, err = pcall(function()
    assert(sa.create("file://" .. d .. "/y.npy", {2, 2}, "b1"))
    local f = assert(io.open(d .. "/not-npy.txt", "w"))
    f:write("text")
    f:close()
    local recs = assert(sa.list("file://" .. d))
    check(#recs == 1 and recs[1].name == "file://" .. d .. "/y.npy",
          "the .npy file, and only it")
    check(recs[1].dtype == "|b1", "its dtype")
  end)
  os.execute("rm -rf " .. q(d))
  if not ok then error(err, 0) end
end)

row("msync", 'a:msync(sa.MS_SYNC)', function()
  local n = name("s")
  local a = assert(sa.create(n, {16}, "f8"))
  a[1] = 1.0
  check(a:msync(sa.MS_SYNC) == true, "MS_SYNC")
  check(a:msync(sa.MS_ASYNC) == true, "MS_ASYNC")
  check(a:msync(sa.MS_ASYNC | sa.MS_INVALIDATE) == true, "MS_INVALIDATE")
  check(sa.msync(a) == true, "sa.msync(a)")
  fails(sa.EINVAL, "MS_SYNC | MS_ASYNC", a:msync(sa.MS_SYNC | sa.MS_ASYNC))
  assert(sa.delete(n))
end)

row("mlock", 'a:mlock(), a:munlock()', function()
  local n = name("k")
  local a = assert(sa.create(n, {16}, "f8"))
  check(assert(a:mlock()) == true, "mlock")
  check(assert(a:munlock()) == true, "munlock")
  assert(sa.delete(n))
end)

row("error_name", 'sa.errname(errno), sa.strerror(errno)', function()
  local n = name("e")
  local _, msg, e = sa.attach(n)
  check(e == sa.ENOENT and sa.errname(e) == "ENOENT", "ENOENT")
  check(msg:find(n, 1, true), "the message names the array")
  _, msg, e = sa.create(n, {2}, "O8")
  check(e == sa.EDTYPE and sa.errname(e) == "SA_EDTYPE", "SA_EDTYPE")
  check(sa.strerror(e) == "unsupported dtype", "its description")
end)

row("version", 'sa.version()', function()
  check(sa.version() == sa.VERSION, "version() == VERSION")
  check(sa.version():match("^%d+%.%d+%.%d+"), "x.y.z")
end)

-- A second lua5.4 running code (the name n is arg[1]) with its stdout
-- piped.
local function lua_child(code, n)
  code = string.format("local arg = {%q} local sa = require 'sharedarray' ",
                       n) .. code
  return assert(io.popen("exec " .. q(arg[-1] or "lua5.4") .. " -e " ..
                         q(code), "r"))
end

row("lock", 'a:lock([timeout]), a:unlock()', function()
  local n = name("lk")
  local a = assert(sa.create(n, {2}, "f8"))
  check(a:lock() == true, "lock")
  local holder = lua_child("local a = assert(sa.attach(arg[1])) " ..
                           "print(a:lock(0))", n)
  check(holder:read("l") == "nil\ttimed out\t" .. sa.ETIMEDOUT,
        "another process cannot take it: nil, timed out, ETIMEDOUT")
  holder:close()
  check(a:unlock() == true, "unlock")
  local ok, _, e = a:unlock()
  check(ok == nil and e == sa.EPERM, "unlock when not held: EPERM")
  assert(sa.delete(n))
end)

row("lock_owner_died", 'local ok, died = a:lock() -- died == "owner died"',
    function()
  local n = name("od")
  local a = assert(sa.create(n, {2}, "f8"))
  local p = lua_child("local a = assert(sa.attach(arg[1])) " ..
                      "local g = a:generation() assert(a:lock()) " ..
                      "print(io.open('/proc/self/stat'):read('n')) " ..
                      "io.stdout:flush() a:wait(g)", n)
  local pid = math.tointeger(p:read("n"))
  check(pid, "the holder locked")
  assert(os.execute("kill -KILL " .. pid))
  p:close()
  local ok, died = a:lock(10)
  check(ok == true and died == "owner died", "told: " .. tostring(died))
  assert(a:unlock())
  ok, died = a:lock(0)
  check(ok == true and died == nil, "once")
  assert(a:unlock())
  assert(sa.delete(n))
end)

row("notify", 'a:notify()', function()
  local n = name("nt")
  local a = assert(sa.create(n, {1}, "f8"))
  local g = a:generation()
  local p = lua_child("local a = assert(sa.attach(arg[1])) print('ready') " ..
                      "io.stdout:flush() print(a:wait(" .. g .. "), a[1])", n)
  check(p:read("l") == "ready", "the waiter is ready")
  a[1] = 5
  check(a:notify() == true, "notify")
  check(p:read("l") == (g + 1) .. "\t5.0", "the waiter in another process " ..
        "woke and read the new data")
  check(p:close(), "it exited")
  assert(sa.delete(n))
end)

row("wait", 'a:wait(since[, timeout])', function()
  local n = name("wt")
  local a = assert(sa.create(n, {1}, "f8"))
  local g = a:generation()
  check(select("#", a:wait(g, 0.05)) == 3, "three results on a timeout")
  local r, msg, e = a:wait(g, 0.05)
  check(r == nil and msg == "timed out" and e == sa.ETIMEDOUT, "timeout")
  assert(a:notify())
  check(a:wait(g) == g + 1, "returns the new generation at once")
  assert(sa.delete(n))
end)

row("generation", 'a:generation()', function()
  local n = name("gn")
  local a = assert(sa.create(n, {1}, "f8"))
  check(a:generation() == 0, "0 when new")
  a:notify()
  a:notify()
  check(a:generation() == 2 and sa.generation(a) == 2, "counts notifies")
  assert(sa.delete(n))
end)

row("snapshot", 'a:snapshot([timeout])', function()
  local n = name("sn")
  local a = assert(sa.create(n, {3}, "i4"))
  a:fromtable({1, 2, 3})
  local s = a:snapshot()
  check(#s == 3 and s[1] == 1 and s[3] == 3, "a table copy")
  a[1] = 9
  check(s[1] == 1, "a copy, not a view")
  assert(a:lock())
  local p = lua_child("local a = assert(sa.attach(arg[1])) " ..
                      "print(a:snapshot(0.05))", n)
  check(p:read("l") == "nil\ttimed out\t" .. sa.ETIMEDOUT,
        "taken under the lock: waits for it")
  p:close()
  assert(a:unlock())
  assert(sa.delete(n))
end)

row("provenance", 'sa.info(name).creator_pid, .created, .created_ns',
    function()
  local n = name("pv")
  local t = os.time()
  assert(sa.create(n, {1}, "f8"))
  local i = assert(sa.info(n))
  check(i.creator_pid == pid(), "creator_pid is ours")
  check(math.abs(i.created_ns // 1000000000 - t) <= 5, "created just now")
  check(i.created:match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d+Z$"),
        "ISO 8601 UTC: " .. i.created)
  check(i.creator_alive == true, "alive")
  assert(sa.delete(n))
end)

row("holders", 'sa.info(name).holders', function()
  local n = name("hd")
  local a = assert(sa.create(n, {1}, "f8"))
  local g = a:generation()
  local p = lua_child("local a = assert(sa.attach(arg[1])) " ..
                      "print(io.open('/proc/self/stat'):read('n')) " ..
                      "io.stdout:flush() a:wait(" .. g .. ")", n)
  local cpid = math.tointeger(p:read("n"))
  local function holds(pids, who)
    for _, x in ipairs(pids) do if x == who then return true end end
  end
  local h = assert(sa.info(n)).holders
  check(holds(h, cpid) and holds(h, pid()), "both processes hold it")
  a:notify()
  p:close()
  check(not holds(assert(sa.info(n)).holders, cpid), "the child is gone")
  a:close()
  assert(sa.delete(n))
end)

for _, r in ipairs(rows) do
  local ok, err = pcall(r[3])
  if ok then
    print("ok " .. r[1] .. " " .. r[2])
  else
    print("fail " .. r[1] .. " " .. tostring(err):gsub("\n", " "))
  end
end
for _, n in ipairs(names) do os.remove("/dev/shm/" .. n) end
