-- test_api.lua -- the module functions and the array object's methods,
-- including every documented error. Run: lua5.4 test_api.lua
local T = require "sa_test"
local sa = T.sa

local function module_fields()
  T.eq(type(sa.version()), "string", "version()")
  T.eq(sa.version(), sa.VERSION, "version() == VERSION")
  -- SWIG would push these as floats; they must be real integers.
  T.eq(sa.MAXDIMS, 64, "MAXDIMS")
  T.eq(sa.MS_SYNC, 4, "MS_SYNC")
  T.eq(sa.CREATE_LAZY, 1, "CREATE_LAZY")
  T.eq(sa.ENOENT, 2, "ENOENT")
  T.eq(sa.EDTYPE, -1013, "EDTYPE")
  T.eq(sa.is_own_error(sa.EDTYPE), true, "is_own_error(EDTYPE)")
  T.eq(sa.is_own_error(sa.ENOENT), false, "is_own_error(ENOENT)")
  T.raises(function() return sa.is_own_error(1.5) end, "number",
           "is_own_error(1.5)")
  T.eq(sa.errname(2), "ENOENT", "errname(2)")
  T.eq(sa.errname(sa.EDTYPE), "SA_EDTYPE", "errname(EDTYPE)")
  T.eq(sa.strerror(sa.EREADONLY), "array is read-only", "strerror")
end

local function create_attach_info_delete()
  local n = T.name("api")
  local a = assert(sa.create(n, {2, 3}, "f8"))
  T.eq(#a, 6, "#a")
  T.eq(a:shape(), {2, 3}, "shape")
  T.eq(a:ndim(), 2, "ndim")
  T.eq(a:dtype(), "<f8", "dtype")
  T.eq(a:order(), "C", "order")
  T.eq(a:readonly(), false, "readonly")
  T.eq(a:name(), n, "name")
  T.eq(a:nbytes(), 48, "nbytes")
  T.eq(a:itemsize(), 8, "itemsize")
  T.eq(tostring(a), 'sharedarray.array{name="' .. n .. '", dtype="<f8", ' ..
       'shape={2, 3}, order="C", readonly=false}', "tostring")
  T.eq(getmetatable(a), "sharedarray.array", "protected metatable")
  T.eq(a[1], 0.0, "zero-filled")
  T.ok(T.exists(n), "segment in /dev/shm")

  -- a second mapping sees the first one's writes
  local b = assert(sa.attach(n))
  a[6] = 2.5
  T.eq(b[6], 2.5, "write seen through a second attach")
  b[1] = -1
  T.eq(a[1], -1.0, "and back")

  -- read-only attach
  local r = assert(sa.attach(n, true))
  T.eq(r:readonly(), true, "ro readonly()")
  T.eq(r[6], 2.5, "ro reads")
  T.raises(function() r[1] = 1 end, "read-only", "ro a[i] = v")
  T.raises(function() r:set(1, 1, 1) end, "read-only", "ro set")
  T.raises(function() r:fromtable({1, 2, 3, 4, 5, 6}) end, "read-only",
           "ro fromtable")
  T.eq(r[1], -1.0, "ro array unchanged")

  -- info and list
  local info = assert(sa.info(n))
  T.eq(info.name, n, "info.name")
  T.eq(info.dtype, "<f8", "info.dtype")
  T.eq(info.shape, {2, 3}, "info.shape")
  T.eq(info.ndim, 2, "info.ndim")
  T.eq(info.order, "C", "info.order")
  T.eq(info.nbytes, 48, "info.nbytes")
  T.eq(info.mode, 384, "info.mode (0600 by default)")
  T.eq(info.mode_octal, "0600", "info.mode_octal, as the CLI prints it")
  T.ok(info.size >= 48 + 128, "info.size")
  local found
  for _, rec in ipairs(assert(sa.list())) do
    if rec.name == n then found = rec end
  end
  T.ok(found, "list() has " .. n)
  T.eq(found.dtype, "<f8", "list dtype")
  T.eq(found.shape, {2, 3}, "list shape")
  T.eq(found.order, "C", "list order")
  T.eq(found.nbytes, 48, "list nbytes")
  T.eq(found.mode, 384, "list mode")
  T.eq(found.mode_octal, "0600", "list mode_octal")

  -- errors of the operations: nil, message naming the thing, errno
  T.fails(sa.EEXIST, n, "create existing", sa.create(n, {1}, "f8"))
  T.eq(sa.delete(n), true, "delete")
  T.ok(not T.exists(n), "gone from /dev/shm")
  T.fails(sa.ENOENT, n, "attach deleted", sa.attach(n))
  T.fails(sa.ENOENT, n, "delete deleted", sa.delete(n))
  T.fails(sa.ENOENT, n, "info deleted", sa.info(n))
  -- ... and the live arrays still work
  a[2] = 7
  T.eq(b[2], 7.0, "live arrays survive delete")
end

local function create_variants()
  local n = T.name("var")
  -- a plain integer shape, default dtype f8, order F, mode as octal string
  local a = assert(sa.create(n, 4, nil, "F", "0640"))
  T.eq(a:shape(), {4}, "integer shape")
  T.eq(a:dtype(), "<f8", "default dtype")
  T.eq(a:order(), "F", "order F")
  T.eq(sa.info(n).mode, 416, "mode \"0640\"")
  T.eq(sa.info(n).mode_octal, "0640", "mode_octal \"0640\"")
  assert(sa.delete(n))
  n = T.name("var")
  a = assert(sa.create(n, {3}, "int32", "c", 420))
  T.eq(a:dtype(), "<i4", "numpy name int32")
  T.eq(a:order(), "C", "order c")
  T.eq(sa.info(n).mode, 420, "mode 420")
  assert(sa.delete(n))
  -- 0-d and empty arrays
  n = T.name("var")
  a = assert(sa.create(n, {}, "i8"))
  T.eq(#a, 1, "0-d has one element")
  T.eq(a:ndim(), 0, "0-d ndim")
  a[1] = 42
  T.eq(a:get(), 42, "0-d get()")
  assert(sa.delete(n))
  n = T.name("var")
  a = assert(sa.create(n, {0, 5}, "u1"))
  T.eq(#a, 0, "empty")
  T.eq(a[1], nil, "empty a[1] reads nil")
  T.raises(function() a[1] = 1 end, "index 1 out of range (the array is empty)",
           "empty a[1] = 1")
  T.eq(a:totable(), {}, "empty totable")
  assert(sa.delete(n))
  -- file:// arrays
  local path = os.tmpname()
  os.remove(path)
  path = path .. ".npy"
  a = assert(sa.create("file://" .. path, {2}, "<i2"))
  a[2] = -3
  local b = assert(sa.attach("file://" .. path, true))
  T.eq(b[2], -3, "file:// array")
  assert(sa.delete("file://" .. path))
end

local function create_errors()
  local n = T.name("err")
  T.fails(sa.EDTYPE, "O8", "bad dtype", sa.create(n, {2}, "O8"))
  T.fails(sa.ENAMESLASH, "a/b", "slash in name", sa.create("a/b", {2}, "f8"))
  T.fails(sa.ENAMEEMPTY, "empty", "empty name", sa.create("", {2}, "f8"))
  T.fails(sa.EORDER, "'X'", "bad order", sa.create(n, {2}, "f8", "X"))
  T.fails(sa.EORDER, "'CF'", "long order", sa.create(n, {2}, "f8", "CF"))
  T.fails(sa.ESHAPE, n, "negative dimension", sa.create(n, {2, -1}, "f8"))
  local big = {}
  for i = 1, 65 do big[i] = 1 end
  T.fails(sa.ENDIM, "65", "65 dimensions", sa.create(n, big, "f8"))
  T.fails(sa.ENOENT, "no-such", "attach missing",
          sa.attach("salua-no-such-" .. T.pid()))
  T.ok(not T.exists(n), "failed creates leave nothing")
  -- wrong argument types raise, as in io.open
  T.raises(function() sa.create(n, {2, 2.5}, "f8") end, "shape[2]",
           "fractional dimension")
  T.raises(function() sa.create(n, "3", "f8") end, "table expected",
           "string shape")
  T.fails(sa.EARG, "mode: invalid argument: 'rw': expected 1 to 4 octal",
          "bad mode string", sa.create(n, {2}, "f8", "C", "rw"))
  T.fails(sa.EARG, "mode 0303237: only permission bits (0 to 0777",
          "mode too big", sa.create(n, {2}, "f8", "C", 99999))
  T.raises(function() sa.create(n, {2}, "f8", "C", true) end,
           "mode must be an integer or octal digits", "boolean mode")
  T.raises(function() sa.attach() end, "string expected", "attach()")
end

local function element_access()
  local n = T.name("idx")
  local a = assert(sa.create(n, {2, 3}, "i4"))
  for i = 1, #a do a[i] = i * 10 end
  T.eq(a[2.0], 20, "float key with integer value")
  T.eq(a.no_such_method, nil, "unknown field reads nil")
  -- reads past either end give nil, as a table's do (ipairs stops there);
  -- writes there raise
  T.eq(a[0], nil, "a[0] reads nil")
  T.eq(a[7], nil, "a[7] reads nil")
  T.eq(a[-1], nil, "a[-1] reads nil")
  T.eq(a[math.mininteger], nil, "a[mininteger] reads nil")
  T.eq(a[math.maxinteger], nil, "a[maxinteger] reads nil")
  T.raises(function() return a[1.5] end, "must be an integer, got 1.5",
           "a[1.5]")
  T.raises(function() return a[true] end, "must be an integer, got boolean",
           "a[true]")
  T.raises(function() a[7] = 1 end, "index 7 out of range 1..6", "a[7] = 1")
  T.raises(function() a[0] = 1 end, "index 0 out of range 1..6", "a[0] = 1")
  T.raises(function() a.x = 1 end, "cannot set field 'x'", "a.x = 1")
  T.raises(function() a[1] = 2.5 end, "cannot store 2.5 at index 1",
           "non-integer into i4")
  T.raises(function() a[1] = "3" end, "cannot store a string", "string")
  T.raises(function() a[1] = 2 ^ 31 end, "from -2147483648 to 2147483647",
           "overflow")
  a[1] = 3.0 -- an integral float is fine
  T.eq(a[1], 3, "integral float stored as integer")
  T.eq(a[2], 20, "neighbour untouched")

  -- get/set: logical 1-based indices; C order
  T.eq(a:get(1, 1), 3, "get(1,1)")
  T.eq(a:get(2, 3), 60, "get(2,3)")
  T.eq(a:get(2, 1), a[4], "C order: (2,1) is flat 4")
  a:set(-5, 1, 2)
  T.eq(a[2], -5, "set(…,1,2) is flat 2")
  T.raises(function() return a:get(1) end, "1 indices given for 2",
           "too few indices")
  T.raises(function() return a:get(1, 2, 3) end, "3 indices given for 2",
           "too many indices")
  T.raises(function() return a:get(3, 1) end,
           "index 3 of dimension 1 out of range 1..2", "get dim 1 range")
  T.raises(function() return a:get(1, 0) end,
           "index 0 of dimension 2 out of range 1..3", "get dim 2 range")
  T.raises(function() return a:get(1, 1.5) end, "must be an integer",
           "get fractional")
  T.raises(function() a:set(1.5, 1, 1) end, "cannot store 1.5", "set 1.5")
  T.raises(function() a:set() end, "bad argument #1", "set()")
  T.raises(function() return a.get(42, 1, 1) end, "sharedarray.array expected",
           "method on a non-array")

  -- F order: a[i] is memory order, get() is logical
  local nf = T.name("idx")
  local f = assert(sa.create(nf, {2, 3}, "i2", "F"))
  for i = 1, #f do f[i] = i end
  T.eq(f:get(2, 1), 2, "F order: (2,1) is flat 2")
  T.eq(f:get(1, 2), 3, "F order: (1,2) is flat 3")
  T.eq(f:get(2, 3), 6, "F order: (2,3) is flat 6")
  f:set(99, 1, 3)
  T.eq(f[5], 99, "F order set (1,3) is flat 5")

  -- pairs and bulk
  local seen = {}
  for i, v in pairs(f) do seen[i] = v end
  T.eq(seen, {1, 2, 3, 4, 99, 6}, "pairs")
  T.eq(f:totable(), {1, 2, 3, 4, 99, 6}, "totable")
  f:fromtable({6, 5, 4, 3, 2, 1})
  T.eq(f:totable(), {6, 5, 4, 3, 2, 1}, "fromtable")
  T.raises(function() f:fromtable({1, 2}) end,
           "fromtable needs a table of 6 values, got 2", "fromtable length")
  T.raises(function() f:fromtable({1, 2, 3, 4, 5, 70000}) end,
           "cannot store 70000 at index 6", "fromtable range")
  T.eq(f:totable(), {6, 5, 4, 3, 2, 1}, "failed fromtable changed nothing")
  T.eq(f:msync(), true, "msync")
  T.eq(f:msync(sa.MS_ASYNC), true, "msync(MS_ASYNC)")
end

-- What the shared API (bindings/sa_surface.i) gave Lua: create's options
-- table, delete's force, list of a directory, the module-level memory
-- operations and the surface's constants.
local function surface()
  T.eq(sa.ATTACH_RDONLY, 1, "ATTACH_RDONLY")
  T.eq(sa.DELETE_FORCE, 1, "DELETE_FORCE")
  T.eq(sa.OWNER_ANY, 4294967295, "OWNER_ANY")
  T.eq(sa.MS_ASYNC | sa.MS_INVALIDATE, 3, "MS_ASYNC | MS_INVALIDATE")
  -- create(name, shape, dtype, {order=, mode=, lazy=, populate=})
  local n = T.name("opt")
  local a = assert(sa.create(n, {2, 3}, "i2", {order = "F", mode = "0640",
                                                lazy = true}))
  T.eq(a:order(), "F", "{order = 'F'}")
  T.eq(sa.info(n).mode_octal, "0640", "{mode = '0640'}")
  a[6] = 7
  T.eq(assert(sa.attach(n, {populate = true, ro = true}))[6], 7,
       "lazy array attached with populate")
  assert(sa.delete(n))
  n = T.name("opt")
  a = assert(sa.create(n, 4, nil, {populate = true, mode = 420}))
  T.eq(a:dtype(), "<f8", "default dtype with options")
  T.eq(sa.info(n).mode, 420, "{mode = 420}")
  assert(sa.delete(n))
  n = T.name("opt")
  a = assert(sa.create(n, {2}, "u1", {}))
  T.eq(sa.info(n).mode_octal, "0600", "{}: the defaults")
  T.eq(a:order(), "C", "{}: C order")
  assert(sa.delete(n))
  -- the table's failures name the array and the table's argument
  n = T.name("opt")
  T.fails(sa.EARG, n .. ": mode 04777: only permission bits (0 to 0777",
          "{mode = 0x9ff}", sa.create(n, {2}, "u1", {mode = 0x9ff}))
  T.fails(sa.EARG, "'rw': expected 1 to 4 octal digits", "{mode = 'rw'}",
          sa.create(n, {2}, "u1", {mode = "rw"}))
  T.fails(sa.EORDER, n .. ": invalid order 'CF' (use 'C' or 'F', or " ..
          "lowercase 'c' or 'f') (argument #4)", "{order = 'CF'}",
          sa.create(n, {2}, "u1", {order = "CF"}))
  T.fails(sa.EORDER, "invalid order", "{order = 'X'}",
          sa.create(n, {2}, "u1", {order = "X"}))
  T.raises(function() sa.create(n, {2}, "u1", {lazzy = true}) end,
           "bad argument #4 to 'create' (unknown option 'lazzy' (the " ..
           "options are order, mode, lazy and populate))", "{lazzy = true}")
  T.raises(function() sa.create(n, {2}, "u1", {lazy = 1}) end,
           "option 'lazy' must be true or false, got number", "{lazy = 1}")
  T.raises(function() sa.create(n, {2}, "u1", {mode = true}) end,
           "bad argument #4 to 'create' (mode must be an integer", "{mode=true}")
  T.raises(function() sa.create(n, {2}, "u1", {}, "0644") end,
           "bad argument #5 to 'create' (nothing expected after the " ..
           "options table)", "options table, then a mode")
  T.raises(function() sa.create(n, {2}, "u1", "C", nil, 0, 1) end,
           "bad argument #7 to 'create' (at most 6 arguments expected)",
           "seven arguments")
  T.ok(not T.exists(n), "failed creates leave nothing")

  -- delete(name, force): a leftover that is not an array
  n = T.name("junk")
  local f = assert(io.open("/dev/shm/" .. n, "w"))
  f:write("not an array")
  f:close()
  T.fails(sa.EMAGIC, n, "delete a non-array", sa.delete(n))
  T.ok(T.exists(n), "refused delete kept it")
  T.eq(sa.delete(n, true), true, "delete(name, true)")
  T.ok(not T.exists(n), "forced delete removed it")

  -- list(where): the .npy files of a directory
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -m 700 " .. T.q(dir)))
  a = assert(sa.create("file://" .. dir .. "/x.npy", {3}, "i4"))
  local recs = assert(sa.list("file://" .. dir))
  T.eq(#recs, 1, "list of a directory")
  T.eq(recs[1].name, "file://" .. dir .. "/x.npy", "its record's name")
  T.eq(recs[1].shape, {3}, "its record's shape")
  T.fails(sa.ENOENT, "no-such", "list of a missing directory",
          sa.list("file://" .. dir .. "/no-such"))
  assert(sa.delete("file://" .. dir .. "/x.npy"))
  os.execute("rm -rf " .. T.q(dir))

  -- the memory operations, as module functions and as methods
  n = T.name("mem")
  a = assert(sa.create(n, {4}, "f8"))
  T.eq(sa.msync(a), true, "sa.msync(a)")
  T.eq(sa.msync(a, sa.MS_ASYNC), true, "sa.msync(a, MS_ASYNC)")
  T.fails(sa.EINVAL, n .. ": Invalid argument: msync: invalid flags 5",
          "sa.msync(a, MS_SYNC | MS_ASYNC)", sa.msync(a, 5))
  local ok, msg = sa.mlock(a) -- RLIMIT_MEMLOCK may refuse: nil, message
  T.ok(ok == true or (ok == nil and msg:find(n, 1, true)), "sa.mlock(a)")
  T.eq(sa.munlock(a), true, "sa.munlock(a)")
  T.eq(a.msync, sa.msync, "a:msync is sa.msync")
  T.raises(function() return sa.msync({}) end, "sharedarray.array expected",
           "sa.msync of a table")
  a:close()
  T.raises(function() return a:msync() end, "the array is closed",
           "msync of a closed array")
  T.raises(function() return sa.mlock(a) end, "the array is closed",
           "mlock of a closed array")
  assert(sa.delete(n))
end

T.run(function()
  module_fields()
  surface()
  create_attach_info_delete()
  create_variants()
  create_errors()
  element_access()
end)
