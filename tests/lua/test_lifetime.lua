-- test_lifetime.lua -- mappings live exactly as long as the array object:
-- released by collectgarbage(), a:close() and <close>; kept by delete; no
-- file descriptors or mappings leak. Checked through /proc/self/maps and
-- /proc/<pid>/fd. Run: lua5.4 test_lifetime.lua
local T = require "sa_test"
local sa = T.sa

local function gc()
  collectgarbage()
  collectgarbage()
end

local function released_by_gc()
  local n = T.name("gc")
  local a = assert(sa.create(n, {1000}, "f8"))
  T.eq(T.mappings(n), 1, "created: one mapping")
  local b = assert(sa.attach(n))
  local c = assert(sa.attach(n, true))
  -- a read-only attach maps its data read-only and, apart, the page of the
  -- synchronisation trailer writable (so that it may lock and notify):
  -- two lines of /proc/self/maps for one object
  T.eq(T.mappings(n), 4, "three objects, three mappings (+1 trailer page)")
  b = nil -- luacheck: ignore
  gc()
  T.eq(T.mappings(n), 3, "one collected")
  a, c = nil, nil -- luacheck: ignore
  gc()
  T.eq(T.mappings(n), 0, "all collected: no mapping left")
  T.ok(T.exists(n), "the name outlives the objects")
  assert(sa.delete(n))
end

local function released_by_close()
  local n = T.name("close")
  local a = assert(sa.create(n, {4}, "i4"))
  a[1] = 1
  a:close()
  T.eq(T.mappings(n), 0, "close() unmaps at once")
  a:close() -- twice is fine
  T.eq(#a, 0, "#a of a closed array")
  T.eq(tostring(a), "sharedarray.array{closed}", "tostring closed")
  T.raises(function() return a[1] end, "closed", "a[1] after close")
  T.raises(function() a[1] = 2 end, "closed", "a[1] = v after close")
  T.raises(function() return a:shape() end, "closed", "shape() after close")
  T.raises(function() return a:get(1) end, "closed", "get() after close")
  do
    local b <close> = assert(sa.attach(n))
    T.eq(b[1], 1, "<close> variable reads")
    T.eq(T.mappings(n), 1, "<close>: mapped inside the block")
  end
  T.eq(T.mappings(n), 0, "<close>: unmapped at the end of the block")
  assert(sa.delete(n))
end

local function delete_keeps_live_arrays()
  local n = T.name("del")
  local a = assert(sa.create(n, {3}, "i8"))
  a[3] = 33
  local b = assert(sa.attach(n))
  T.eq(sa.delete(n), true, "delete")
  T.ok(not T.exists(n), "the name is gone")
  T.eq(T.mappings(n), 2, "both mappings stay (as deleted files)")
  T.eq(b[3], 33, "read after delete")
  b[2] = 22
  T.eq(a[2], 22, "still shared after delete")
  a, b = nil, nil -- luacheck: ignore
  gc()
  T.eq(T.mappings(n), 0, "collected after delete")
  -- a new array may take the name meanwhile
  local c = assert(sa.create(n, {1}, "u1"))
  T.eq(c[1], 0, "the name is free for a new array")
  assert(sa.delete(n))
end

local function no_leaks()
  local n = T.name("leak")
  assert(sa.create(n, {64}, "f4"))
  local junk = T.name("junk")
  local f = assert(io.open("/dev/shm/" .. junk, "w"))
  f:write(string.rep("not an array ", 400))
  f:close()
  gc()
  local fds = T.fds()
  for i = 1, 300 do
    local a = assert(sa.attach(n, i % 2 == 0))
    T.eq(a[1], 0.0, "attach " .. i)
    local bad, msg, e = sa.attach(junk)
    T.ok(bad == nil and e == sa.EMAGIC and msg:find(junk, 1, true),
         "junk segment refused: " .. tostring(msg))
    T.fails(sa.ENOENT, "salua-missing", "missing",
            sa.attach("salua-missing-" .. T.pid()))
    if i % 50 == 0 then gc() end
  end
  gc()
  T.eq(T.fds(), fds, "open file descriptors after 300 attaches")
  T.eq(T.mappings(n), 0, "no mapping left after 300 attaches")
  T.eq(T.mappings(junk), 0, "failed attaches map nothing")
  T.fails(sa.EMAGIC, junk, "delete refuses a non-array", sa.delete(junk))
  T.eq(sa.delete(junk, true), true, "delete(name, true) forces")
  assert(sa.delete(n))
end

T.run(function()
  released_by_gc()
  released_by_close()
  delete_keeps_live_arrays()
  no_leaks()
end)
