-- LuaRocks: `luarocks make` in a checkout builds the C core (statically) and
-- the Lua module with CMake and installs sharedarray.so into the tree's
-- C module directory. Needs a C compiler, CMake >= 3.18, SWIG >= 4.0 and
-- the Lua 5.4 headers; the core is linked into the module, so the rock
-- installs nothing else.
--   luarocks --lua-version 5.4 make --local
--   eval "$(luarocks --lua-version 5.4 path)"; lua5.4 -e 'require "sharedarray"'
rockspec_format = "3.0"
package = "sharedarray"
version = "dev-1"
source = {
   url = "git+https://github.com/sharedarray/sharedarray.git",
}
description = {
   summary = "Share n-dimensional numeric arrays between processes and languages, zero-copy",
   detailed = [[
A shared array is a NumPy .npy file in /dev/shm (or on disk), mapped by name.
Lua, Python (numpy), Octave, C programs and the sharedarray shell tool all
attach the same bytes without copying.
]],
   homepage = "https://github.com/sharedarray/sharedarray",
   license = "MIT",
   labels = { "array", "shared-memory", "ipc", "numpy" },
}
dependencies = {
   "lua >= 5.4, < 5.5",
}
build_dependencies = {}
build = {
   type = "cmake",
   variables = {
      CMAKE_BUILD_TYPE = "Release",
      CMAKE_INSTALL_PREFIX = "$(PREFIX)",
      LUA_INCLUDE_DIR = "$(LUA_INCDIR)",
      SHAREDARRAY_LUA_INSTALL_DIR = "$(LIBDIR)",
      SHAREDARRAY_LUA = "ON",
      SHAREDARRAY_PYTHON = "OFF",
      SHAREDARRAY_OCTAVE = "OFF",
      SHAREDARRAY_CLI = "OFF",
      SHAREDARRAY_TESTS = "OFF",
      SHAREDARRAY_CORE_ONLY_STATIC = "ON",
   },
}
