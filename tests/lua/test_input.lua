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
  for _, f in ipairs({4, 8, 1 << 32, -1}) do
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
  msync_flags()
  shape_messages()
  booleans()
end)
