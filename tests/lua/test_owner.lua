-- test_owner.lua -- sa.attach's opt-in owner check (issue 11, squatting):
-- sa.attach(name, {owner = true | uid | "user"}) refuses, with nil,
-- message, sa.EOWNER, a segment that someone else owns; the options table
-- refuses unknown names and wrong types, so that a typo cannot turn the
-- check off; the old forms sa.attach(name) and sa.attach(name, true) work
-- as before. The part that needs a segment owned by another user chowns it
-- to 65534, which needs root; without root it is skipped, and says so.
-- Run: lua5.4 test_owner.lua
local T = require "sa_test"
local sa = T.sa

local function sh(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  return (out:gsub("%s+$", ""))
end

local function options()
  local n = T.name("own")
  local a = assert(sa.create(n, {3}, "i4"))
  a[2] = 5
  local me = assert(sa.info(n)).uid
  T.eq(me, math.tointeger(tonumber(sh("id -u"))), "info.uid is our uid")
  local my_name = sh("id -un")

  -- the forms that worked before
  T.eq(assert(sa.attach(n))[2], 5, "attach(name)")
  T.eq(assert(sa.attach(n, true)):readonly(), true, "attach(name, true)")
  T.eq(assert(sa.attach(n, false)):readonly(), false, "attach(name, false)")
  T.eq(assert(sa.attach(n, nil)):readonly(), false, "attach(name, nil)")
  -- ... and the table
  T.eq(assert(sa.attach(n, {})):readonly(), false, "attach(name, {})")
  T.eq(assert(sa.attach(n, {ro = true})):readonly(), true, "{ro = true}")
  T.eq(assert(sa.attach(n, {populate = true}))[2], 5, "{populate = true}")

  -- our own segment passes every form of the check
  for _, who in ipairs({true, me, tostring(me), my_name}) do
    local b = assert(sa.attach(n, {owner = who, ro = true}))
    T.eq(b[2], 5, "owner = " .. T.show(who) .. " on our own segment")
    T.eq(b:readonly(), true, "owner with ro")
  end
  T.eq(assert(sa.attach(n, {owner = false}))[2], 5, "owner = false: no check")

  -- another uid: refused with sa.EOWNER, naming the segment and both uids
  local other = me == 0 and 65534 or me + 1
  for _, who in ipairs({other, tostring(other)}) do
    local msg = T.fails(sa.EOWNER, "owned by uid " .. me .. ", expected uid " ..
                        other, "owner = " .. T.show(who),
                        sa.attach(n, {owner = who}))
    T.ok(msg:find(n, 1, true), "the message names the segment: " .. msg)
  end
  T.eq(sa.errname(sa.EOWNER), "SA_EOWNER", "errname(EOWNER)")
  -- a file:// array too
  local path = os.tmpname()
  os.remove(path)
  path = "file://" .. path .. ".npy"
  local f = assert(sa.create(path, {2}, "u1"))
  T.eq(assert(sa.attach(path, {owner = true}))[1], 0, "file:// owner = true")
  T.fails(sa.EOWNER, "expected uid " .. other, "file:// other owner",
          sa.attach(path, {owner = other}))
  f:close()
  assert(sa.delete(path))

  -- an unknown user: a failure that names it
  T.fails(sa.EARG, "owner 'salua-no-such-user': no such user",
          "unknown user", sa.attach(n, {owner = "salua-no-such-user"}))
  T.fails(sa.EARG, "owner '': no such user", "empty user name",
          sa.attach(n, {owner = ""}))
  T.fails(sa.EARG, "owner 'ro\\0ot': no such user", "user name with a NUL",
          sa.attach(n, {owner = "ro\0ot"}))

  -- wrong types and unknown names raise: a typo must not skip the check
  T.raises(function() sa.attach(n, {onwer = true}) end,
           "unknown option 'onwer' (the options are ro, populate and owner)",
           "misspelt option")
  T.raises(function() sa.attach(n, {true}) end, "unknown option number",
           "positional option")
  T.raises(function() sa.attach(n, {ro = 1}) end,
           "option 'ro' must be true or false, got number", "{ro = 1}")
  T.raises(function() sa.attach(n, {populate = "yes"}) end,
           "option 'populate' must be true or false", "{populate = 'yes'}")
  -- 4294967295 is (uid_t)-1, nobody's uid: the core's "no owner given"
  for _, bad in ipairs({-1, 2.5, 1 << 32, 4294967295}) do
    T.raises(function() sa.attach(n, {owner = bad}) end,
             "option 'owner' must be a uid from 0 to 4294967294",
             "owner = " .. T.show(bad))
  end
  T.raises(function() sa.attach(n, {owner = {}}) end,
           "option 'owner' must be true, false, a uid or a user name, got " ..
           "table", "owner = {}")
  -- the second argument is read-only or options; 0 used to mean read-only
  for _, bad in ipairs({0, 1, "ro"}) do
    T.raises(function() sa.attach(n, bad) end,
             "boolean (read-only) or table of options expected",
             "attach(name, " .. T.show(bad) .. ")")
  end
  a:close()
  assert(sa.delete(n))
end

-- A segment that another user owns (needs root to make one).
local function squatted()
  local n = T.name("squat")
  local a = assert(sa.create(n, {2}, "f8", "C", "0644"))
  a[1] = 1.5
  local me = assert(sa.info(n)).uid
  if me ~= 0 then
    print("skip: squatted segment (chown needs root; running as uid " ..
          me .. ")")
    a:close()
    assert(sa.delete(n))
    return
  end
  assert(os.execute("chown 65534 " .. T.q("/dev/shm/" .. n)))
  T.eq(assert(sa.info(n)).uid, 65534, "chowned to 65534")
  -- off by default: sharing between users keeps working
  T.eq(assert(sa.attach(n))[1], 1.5, "no owner check: attaches")
  -- owner = true: the caller (root) does not own it
  T.fails(sa.EOWNER, "owned by uid 65534, expected uid 0", "owner = true",
          sa.attach(n, {owner = true}))
  T.fails(sa.EOWNER, "owned by uid 65534, expected uid 0", "owner = 0",
          sa.attach(n, {owner = 0}))
  -- the expected owner passes
  T.eq(assert(sa.attach(n, {owner = 65534}))[1], 1.5, "owner = 65534")
  local nobody = sh("getent passwd 65534 | cut -d: -f1")
  if nobody ~= "" then
    T.eq(assert(sa.attach(n, {owner = nobody, ro = true}))[1], 1.5,
         "owner = " .. T.show(nobody))
  end
  a:close()
  assert(sa.delete(n))
end

T.run(function()
  options()
  squatted()
end)
