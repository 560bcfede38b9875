-- stream_consumer.lua -- a Lua consumer of the streaming demo:
--   lua5.4 stream_consumer.lua PREFIX SLOT
-- Sleeps in wait() until the producer notifies a new frame, takes a
-- consistent snapshot (under the array's lock), checks that it is whole,
-- and acknowledges it in PREFIX-acks[SLOT]. Stops at the frame -1.
local sa = require "sharedarray"
local prefix, slot = arg[1], math.tointeger(tonumber(arg[2]))
local frame = assert(sa.attach(prefix .. "-frame", true))  -- read-only
local acks = assert(sa.attach(prefix .. "-acks"))
local g = frame:generation()
acks[slot] = 0                                              -- ready
acks:notify()
local seen = 0
while true do
  g = assert(frame:wait(g, 60))                             -- asleep until notified
  local t = assert(frame:snapshot())
  local v = t[1]
  for i = 2, #t do
    if t[i] ~= v then error("torn frame: " .. v .. " and " .. t[i]) end
  end
  if v < 0 then break end
  seen = seen + 1
  acks[slot] = math.tointeger(v)
  acks:notify()
end
print(string.format("lua: woke for %d frames, every one whole", seen))
