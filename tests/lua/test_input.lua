-- test_input.lua -- arguments that C would silently misread must be refused:
-- NUL bytes inside names and dtypes, order spellings, unknown create and
-- msync flags, and the messages for bad shape entries.
-- Run: lua5.4 test_input.lua
local T = require "sa_test"
local sa = T.sa

-- A NUL byte would cut a C string short: "p\0zzz" must not create "p".
local function nul_in_names()
  local n = T.name("nul")
  T.fails(sa.ENAMEBAD, n .. "\\0zzz: invalid name", "create name with NUL",
          sa.create(n .. "\0zzz", {3}, "f8"))
  T.ok(not T.exists(n), "no segment created under the cut-off name")
  T.fails(sa.EDTYPE, "'f8\\0junk' contains a NUL byte (argument #3)",
          "create dtype with NUL", sa.create(n, {3}, "f8\0junk"))
  T.ok(not T.exists(n), "no segment created for a dtype with a NUL")

  -- attach, info and delete would otherwise reach the cut-off name.
  local a = assert(sa.create(n, {3}, "f8"))
  T.fails(sa.ENAMEBAD, "invalid name", "attach name with NUL",
          sa.attach(n .. "\0zzz"))
  T.fails(sa.ENAMEBAD, "invalid name", "info name with NUL",
          sa.info(n .. "\0zzz"))
  T.fails(sa.ENAMEBAD, "invalid name", "delete name with NUL",
          sa.delete(n .. "\0zzz"))
  T.ok(T.exists(n), "the real array survived the refused delete")
  T.fails(sa.ENAMEBAD, "argument #1", "list place with NUL",
          sa.list("shm://\0junk"))
  a:close()
  assert(sa.delete(n))
end

-- Order: 'C', 'F', 'c', 'f' (as numpy), nothing else.
local function orders()
  for _, o in ipairs({"C", "F", "c", "f"}) do
    local n = T.name("ord")
    local a = assert(sa.create(n, {2, 3}, "u1", o))
    T.eq(a:order(), o:upper(), "order " .. o)
    a:close()
    assert(sa.delete(n))
  end
  for _, o in ipairs({"x", "", "CF", "C\0", "c\0f", "A", "K"}) do
    local n = T.name("ord")
    T.fails(sa.EORDER, "invalid order", "order " .. T.show(o),
            sa.create(n, {2}, "u1", o))
    T.ok(not T.exists(n), "nothing created for order " .. T.show(o))
  end
end

-- Flags: only CREATE_LAZY and CREATE_POPULATE exist.
local function create_flags()
  local n = T.name("flags")
  -- 4 is the core's SA_CREATE_ANY_DTYPE: arrays Lua could not convert
  for _, f in ipairs({4, 8, 1 << 32, -1, 1 << 63}) do
    T.fails(sa.EARG, "invalid create flags", "create flags " .. f,
            sa.create(n, {2}, "f8", "C", nil, f))
    T.ok(not T.exists(n), "nothing created with flags " .. f)
  end
  local a = assert(sa.create(n, {2}, "f8", "C", nil,
                             sa.CREATE_LAZY | sa.CREATE_POPULATE))
  T.eq(#a, 2, "the known flags still work")
  a:close()
  assert(sa.delete(n))
end

-- Modes: permission bits only (issue 11). A setuid, setgid or sticky bit
-- is refused, as is any mode text chmod would not take; nothing is created.
local function modes()
  local good = {
    {nil, "0600"}, {0, "0600"}, {420, "0644"}, {0x1a4, "0644"}, {511, "0777"},
    {"0640", "0640"}, {"640", "0640"}, {"0o640", "0640"}, {"0O640", "0640"},
    {"0", "0600"}, {"7", "0007"}, {"0777", "0777"}, {416.0, "0640"},
  }
  for _, g in ipairs(good) do
    local n = T.name("mode")
    local a = assert(sa.create(n, {2}, "u1", "C", g[1]))
    local info = assert(sa.info(n))
    T.eq(info.mode_octal, g[2], "mode " .. T.show(g[1]))
    T.eq(info.mode, tonumber(g[2], 8), "mode " .. T.show(g[1]) .. " (integer)")
    a:close()
    assert(sa.delete(n))
  end
  local bad = {
    {0x9ff, "mode 04777: only permission bits (0 to 0777"},
    {2048, "mode 04000: only permission bits"},
    {0x3ff, "mode 01777: only permission bits"},
    {512, "mode 01000: only permission bits"},
    {777, "mode 01411: only permission bits"}, -- decimal 777, not 0777
    {-1, "mode -1: only permission bits"},
    {1 << 32 | 0x180, "mode 040000000600: only permission bits"},
    {"4777", "'4777': only permission bits (0 to 0777)"},
    {"0o4777", "'0o4777': only permission bits"},
    {" 644", "' 644': expected 1 to 4 octal digits"},
    {"644 ", "'644 ': expected 1 to 4 octal digits"},
    {"+644", "'+644': expected"},
    {"-644", "'-644': expected"},
    {"0x1ff", "'0x1ff': expected"},
    {"", "'': expected"},
    {"0o", "'0o': expected"},
    {"888", "'888': expected"},
    {"00644", "'00644': expected"},
    {"6\0", "mode '6\\0': expected 1 to 4 octal digits"},
    {"rw-r--r--", "'rw-r--r--': expected"},
  }
  for _, b in ipairs(bad) do
    local n = T.name("mode")
    local msg = T.fails(sa.EARG, b[2], "mode " .. T.show(b[1]),
                        sa.create(n, {2}, "u1", "C", b[1]))
    T.ok(msg:find(n, 1, true) and msg:find("argument #5", 1, true),
         "the message names the array and the argument: " .. msg)
    T.ok(not T.exists(n), "nothing created for mode " .. T.show(b[1]))
  end
  -- not a mode at all: a Lua error, as for other wrong argument types
  for _, v in ipairs({true, {}, 420.5}) do
    local n = T.name("mode")
    T.raises(function() sa.create(n, {2}, "u1", "C", v) end, "argument #5",
             "mode " .. T.show(v))
    T.ok(not T.exists(n), "nothing created for mode " .. T.show(v))
  end
end

-- msync: a value with high bits must not be cut to int (2^40 -> 0).
local function msync_flags()
  local n = T.name("msync")
  local a = assert(sa.create(n, {4}, "f8"))
  T.eq(a:msync(), true, "msync()")
  T.eq(a:msync(sa.MS_ASYNC | sa.MS_INVALIDATE), true, "msync(ASYNC|INV)")
  for _, f in ipairs({1 << 40, 2 ^ 40, 1 << 32, -1, 8}) do
    T.fails(sa.EINVAL, "invalid flags", "msync(" .. T.show(f) .. ")",
            a:msync(f))
  end
  a:close()
  assert(sa.delete(n))
end

-- A bad shape entry shows its value if it is a number, else its type.
local function shape_messages()
  local n = T.name("shape")
  T.raises(function() return sa.create(n, {"2"}, "f8") end,
           "shape[1] must be an integer, got string", "shape {\"2\"}")
  T.raises(function() return sa.create(n, {3, {}}, "f8") end,
           "shape[2] must be an integer, got table", "shape {3, {}}")
  T.raises(function() return sa.create(n, {2.5}, "f8") end,
           "shape[1] must be an integer, got 2.5", "shape {2.5}")
  T.ok(not T.exists(n), "nothing created for a bad shape")
end

-- Booleans go only into b1 (true is not a number in Lua).
local function booleans()
  local n = T.name("bool")
  local a = assert(sa.create(n, {2}, "i4"))
  a[1] = 7
  T.raises(function() a[1] = true end, "cannot store true at index 1",
           "true into i4")
  T.raises(function() a:fromtable({false, 1}) end, "cannot store false",
           "fromtable false into i4")
  T.eq(a[1], 7, "unchanged after the refused stores")
  local b = assert(sa.create(T.name("bool"), {1}, "b1"))
  b[1] = true
  T.eq(b[1], true, "true into b1")
end

T.run(function()
  nul_in_names()
  orders()
  create_flags()
  modes()
  msync_flags()
  shape_messages()
  booleans()
end)
