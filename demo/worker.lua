-- worker.lua -- the Lua side of the SharedArray demo (run by run-demo):
--   lua5.4 worker.lua PREFIX
-- attaches PREFIX-frame and PREFIX-params that Python made, computes a
-- histogram of the pixels and the sum of each row, and writes them into
-- two new arrays, PREFIX-hist (int64) and PREFIX-rowsum (float64).
local sa = require "sharedarray"

local prefix = assert(arg[1], "usage: worker.lua PREFIX")
local frame = assert(sa.attach(prefix .. "-frame", true))   -- read-only
local params = assert(sa.attach(prefix .. "-params", true))
local bins, lo, hi = math.tointeger(params[2]), params[3], params[4]
local shape = frame:shape()
local rows, cols = shape[1], shape[2]

-- One bulk copy (memory order: C order, row after row) instead of 76800
-- a[i] calls.
local px = frame:totable()
local counts, sums = {}, {}
for b = 1, bins do counts[b] = 0 end
for r = 1, rows do
  local s, base = 0.0, (r - 1) * cols
  for c = 1, cols do
    local v = px[base + c]
    s = s + v
    local b = math.floor((v - lo) / (hi - lo) * bins)
    b = math.max(0, math.min(bins - 1, b)) + 1
    counts[b] = counts[b] + 1
  end
  sums[r] = s
end

local hist = assert(sa.create(prefix .. "-hist", {bins}, "i8"))
hist:fromtable(counts)
local rowsum = assert(sa.create(prefix .. "-rowsum", {rows}, "f8"))
rowsum:fromtable(sums)
print(string.format("lua:    attached %s-frame (%s, %dx%d), wrote a %d-bin histogram " ..
                    "to %s-hist and %d row sums to %s-rowsum",
                    prefix, frame:dtype(), rows, cols, bins, prefix, rows, prefix))
