-- test_dtypes.lua -- every dtype, in both byte orders: what a store keeps,
-- what a read gives back (value and Lua subtype), and which stores fail
-- (booleans are only for b1: true into a number dtype is an error).
-- Run: lua5.4 test_dtypes.lua
local T = require "sa_test"
local sa = T.sa

local nan = 0.0 / 0.0
local inf = math.huge
local maxi, mini = math.maxinteger, math.mininteger

-- dtype, descr (normalised), {{store, read back}...}, {bad stores...}
local cases = {
  -- b1 takes booleans only: a number's truth would be a guess
  {"b1", "|b1", {{true, true}, {false, false}},
   {"x", {1, 2}, 1, 0, 2, 0.5, 0.0, -1, {0, 0}, {1}}},
  {"i1", "|i1", {{-128, -128}, {127, 127}, {0, 0}, {5.0, 5}},
   {128, -129, 1.5, nan, "1", true, false}},
  {"<i2", "<i2", {{-32768, -32768}, {32767, 32767}}, {32768, 0.25}},
  {">i2", ">i2", {{-32768, -32768}, {258, 258}}, {32768}},
  {"i4", "<i4", {{-2147483648, -2147483648}, {2147483647, 2147483647}},
   {2147483648, -2147483649}},
  {">i4", ">i4", {{-2147483648, -2147483648}, {16909060, 16909060}},
   {2147483648}},
  -- int64 is exact: 2^53 + 1 has no double representation
  {"i8", "<i8", {{mini, mini}, {maxi, maxi}, {(1 << 53) + 1, (1 << 53) + 1},
                 {-2.0 ^ 63, mini}},
   {2.0 ^ 63, 1.5, inf}},
  {">i8", ">i8", {{mini, mini}, {maxi, maxi}, {0x0102030405060708,
                                              0x0102030405060708}},
   {2.0 ^ 63}},
  {"u1", "|u1", {{0, 0}, {255, 255}}, {-1, 256, 0.5, true}},
  {"u2", "<u2", {{65535, 65535}}, {65536, -1}},
  {">u2", ">u2", {{65535, 65535}, {258, 258}}, {65536}},
  {"u4", "<u4", {{4294967295, 4294967295}}, {4294967296, -1}},
  {">u4", ">u4", {{4294967295, 4294967295}, {16909060, 16909060}}, {-1}},
  -- uint64: 64-bit two's complement (see the binding's docs)
  {"u8", "<u8", {{0, 0}, {maxi, maxi}, {-1, -1}, {mini, mini},
                 {2.0 ^ 63, mini}, {2.0 ^ 64 - 2048, -2048}},
   {1.5, -1.0, 2.0 ^ 64, false}},
  {">u8", ">u8", {{-1, -1}, {0x0102030405060708, 0x0102030405060708}},
   {0.5}},
  -- float16: rounding to 11 significant bits, overflow to inf
  {"f2", "<f2", {{0.5, 0.5}, {-2, -2.0}, {65504, 65504.0},
                 {0.1, 0.0999755859375}, {1e6, inf}, {-inf, -inf},
                 {nan, nan}, {2 ^ -24, 2 ^ -24}},
   {{1, 1}, "x", true}},
  {">f2", ">f2", {{0.1, 0.0999755859375}, {-65504, -65504.0}}, {{0, 1}}},
  {"f4", "<f4", {{0.1, 0.10000000149011612}, {3, 3.0}, {inf, inf},
                 {{2.5, 0}, 2.5}},
   {{1, 2}}},
  {">f4", ">f4", {{0.1, 0.10000000149011612}, {-1.5, -1.5}}, {}},
  {"f8", "<f8", {{0.1, 0.1}, {math.pi, math.pi}, {-inf, -inf}, {nan, nan},
                 {(1 << 53) + 1, 9007199254740992.0}},
   {{0, 1}, "0.5", {}, true, false}},
  {">f8", ">f8", {{math.pi, math.pi}, {1e-310, 1e-310}}, {}},
  -- complex: {re, im} tables both ways; a number stores with im = 0
  {"c8", "<c8", {{{1.5, -2}, {1.5, -2.0}}, {{0.1, 0}, {0.10000000149011612,
                 0.0}}, {3, {3.0, 0.0}}, {{7}, {7.0, 0.0}}},
   {"x", {"a", 1}, {1, "b"}, true}},
  {">c8", ">c8", {{{1.5, -2}, {1.5, -2.0}}}, {}},
  {"c16", "<c16", {{{1e300, -1e-300}, {1e300, -1e-300}}, {{nan, inf},
                   {nan, inf}}},
   {"s"}},
  {">c16", ">c16", {{{math.pi, -math.pi}, {math.pi, -math.pi}}}, {}},
}

-- numpy names and spellings map to the same descrs
local aliases = {
  {"float64", "<f8"}, {"double", "<f8"}, {"float32", "<f4"},
  {"float16", "<f2"}, {"half", "<f2"}, {"int8", "|i1"}, {"uint8", "|u1"},
  {"bool", "|b1"}, {"complex64", "<c8"}, {"complex128", "<c16"},
  {"=i4", "<i4"}, {"|b1", "|b1"},
}

local function check_case(c)
  local spec, descr, good, bad = c[1], c[2], c[3], c[4]
  local n = T.name("dt")
  local a = assert(sa.create(n, {#good}, spec))
  local what = spec .. ": "
  T.eq(a:dtype(), descr, what .. "dtype()")
  for i, pair in ipairs(good) do
    a[i] = pair[1]
    T.eq(a[i], pair[2], what .. "a[" .. i .. "] after storing " ..
         T.show(pair[1]))
  end
  -- the same through set/get, totable, and a fresh read-only attach
  local want = {}
  for i, pair in ipairs(good) do want[i] = pair[2] end
  T.eq(a:totable(), want, what .. "totable")
  local r = assert(sa.attach(n, true))
  T.eq(r:totable(), want, what .. "read-only attach")
  for i = 1, #good do
    T.eq(r:get(i), want[i], what .. "get(" .. i .. ")")
  end
  -- bad values raise and leave the element alone
  for _, v in ipairs(bad) do
    local before = a[1]
    T.raises(function() a[1] = v end, "cannot store", what .. "store " ..
             T.show(v))
    T.raises(function() a:set(v, 1) end, "dtype " .. descr, what ..
             "set " .. T.show(v))
    T.eq(a[1], before, what .. "unchanged after a bad store")
  end
  -- fromtable converts like a[i] = v
  local src = {}
  for i, pair in ipairs(good) do src[i] = pair[1] end
  a:fromtable(src)
  T.eq(a:totable(), want, what .. "fromtable")
  assert(sa.delete(n))
end

T.run(function()
  for _, c in ipairs(cases) do check_case(c) end
  for _, p in ipairs(aliases) do
    local n = T.name("alias")
    local a = assert(sa.create(n, {1}, p[1]))
    T.eq(a:dtype(), p[2], "dtype " .. p[1])
    assert(sa.delete(n))
  end
  -- subtypes: integers stay integers, floats stay floats
  local n = T.name("types")
  local a = assert(sa.create(n, {1}, "i2"))
  a[1] = 7
  T.eq(math.type(a[1]), "integer", "i2 reads integers")
  local f = assert(sa.create(T.name("types"), {1}, "f2"))
  f[1] = 7
  T.eq(math.type(f[1]), "float", "f2 reads floats")
end)
