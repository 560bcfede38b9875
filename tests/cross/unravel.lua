-- unravel.lua -- the 1-based logical multi-index of element n (0-based,
-- C order) of an array of the given shape. Shared by the cross-language
-- agents xlang.lua and behave.lua.
return function(n, shape)
  local idx = {}
  for d = #shape, 1, -1 do
    idx[d] = n % shape[d] + 1
    n = n // shape[d]
  end
  return idx
end
