#!/usr/bin/env bash
# check_luarocks.sh SOURCE_DIR
# `luarocks make` of sharedarray-dev-1.rockspec from a clean copy of the
# source into a temporary tree, then `require "sharedarray"` with only what
# `luarocks path` sets. Skips (77) without luarocks.
set -euo pipefail
SRC=$1
command -v luarocks >/dev/null || { echo "luarocks not installed: skipped"; exit 77; }
. "$(dirname "$0")/clean_copy.sh"
T=$(mktemp -d /tmp/sa-rock-XXXXXX)
NAME="sa-rock-$$"
trap 'rm -rf "$T"; rm -f "/dev/shm/$NAME"' EXIT
clean_copy "$SRC" "$T/src"
cd "$T/src"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
luarocks --lua-version 5.4 make --tree "$T/tree" sharedarray-dev-1.rockspec > "$T/make.log" 2>&1 ||
  { cat "$T/make.log"; exit 1; }
luarocks --lua-version 5.4 list --tree "$T/tree" --porcelain | grep -q '^sharedarray	dev-1' ||
  { echo "the rock is not listed in the tree"; exit 1; }
# the rock carries the module only (the core is linked in)
find "$T/tree" -name 'libsharedarray*' | grep . && { echo "the rock installed the C library"; exit 1; }
[ -f "$T/tree/lib/lua/5.4/sharedarray.so" ] || { echo "no lib/lua/5.4/sharedarray.so"; exit 1; }
cd "$T"
(
  unset LUA_PATH LUA_CPATH LUA_PATH_5_4 LUA_CPATH_5_4
  eval "$(luarocks --lua-version 5.4 path --tree "$T/tree")"
  lua5.4 -e "
    local sa = require 'sharedarray'
    assert(package.searchpath('sharedarray', package.cpath):find('$T/tree', 1, true))
    local a = assert(sa.create('$NAME', {2, 3}, 'i4'))
    a[6] = 7
    assert(sa.attach('$NAME')[6] == 7)
    assert(sa.delete('$NAME'))
    print('luarocks module ok: ' .. package.searchpath('sharedarray', package.cpath))"
)
