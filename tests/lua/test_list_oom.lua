-- test_list_oom.lua -- sa.list must not leak its open listing (a directory
-- descriptor) when a Lua allocation fails while it builds the records.
-- Runs under lua_oom_host (which makes allocations fail on purpose):
--   lua_oom_host test_list_oom.lua
local T = require "sa_test"
local sa = T.sa

T.ok(with_alloc_limit and open_fds, "run this under lua_oom_host")

T.run(function()
  local dir = os.tmpname()          -- a unique path; replace it by a folder
  os.remove(dir)
  assert(os.execute("mkdir -m 700 " .. T.q(dir)))
  local ok, err = pcall(function()
    local nfiles = 12
    for i = 1, nfiles do
      local a = assert(sa.create("file://" .. dir .. "/a" .. i .. ".npy",
                                 {2, 2}, "i4"))
      a:close()
    end
    local where = "file://" .. dir
    collectgarbage()
    local base = open_fds()
    local failed, done = 0, false
    -- Fail the k-th allocation for k = 0, 1, 2, ...: sooner or later the
    -- failure lands mid-listing. Every time, no descriptor may stay open.
    for k = 0, 5000 do
      local good, res = with_alloc_limit(k, sa.list, where)
      collectgarbage()
      collectgarbage()
      T.eq(open_fds(), base, "open descriptors after sa.list with " .. k ..
           " allocations allowed (" .. tostring(res) .. ")")
      if good then
        T.eq(#res, nfiles, "the full listing once memory suffices")
        done = true
        break
      end
      T.ok(tostring(res):find("not enough memory", 1, true),
           "a memory error, got " .. tostring(res))
      failed = failed + 1
    end
    T.ok(done, "sa.list succeeded with enough memory")
    -- the records of 12 arrays need far more than 12 allocations, so
    -- many failures happened while the listing was open
    T.ok(failed > 2 * nfiles, "allocation failures exercised: " .. failed)
  end)
  os.execute("rm -rf " .. T.q(dir))
  if not ok then error(err, 0) end
end)
