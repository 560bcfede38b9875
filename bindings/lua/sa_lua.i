/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua.i -- the Lua 5.4 part of the SWIG interface; %included by
 * bindings/sharedarray.i when SWIG runs with -lua. The result is
 *     local sa = require "sharedarray"
 *
 * Contract (see sharedarray.i):
 *   - view-out: sa.create / sa.attach return an array object (a userdata
 *     with its own metatable, sa_lua_array.c) whose __gc calls sa_release;
 *   - errors: failures return nil, message, errno, like io.open
 *     (sa_lua_module.c); bad element access raises a Lua error.
 *
 * The module functions are hand-written lua_CFunctions registered with
 * %native: they need optional arguments, several results and the io.open
 * convention, which SWIG's generated wrappers do not give. Element access
 * must not go through SWIG's generic dispatch at all (a custom __index).
 */

%{
#include "sa_lua.h"

/* An integer argument: a Lua integer, or a float with an integral value. */
static int sa_lua_isintegral(lua_State *L, int idx) {
  int ok = 0;
  if (lua_type(L, idx) == LUA_TNUMBER)
    (void)lua_tointegerx(L, idx, &ok);
  return ok;
}
%}

/* SWIG's stock Lua typemaps pass C integers as lua_Number, so Lua 5.4 would
 * see 3.0 where C returned 3, and would truncate 2.5 silently on the way in.
 * Use real Lua integers both ways. */
%typemap(out) int, short, long, long long, signed char,
              unsigned, unsigned short, unsigned long, unsigned long long,
              unsigned char, int64_t, uint64_t, size_t
%{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(in, checkfn="sa_lua_isintegral")
              int, short, long, long long, signed char,
              unsigned, unsigned short, unsigned long, unsigned long long,
              unsigned char, int64_t, uint64_t, size_t
%{ $1 = ($1_ltype)lua_tointeger(L, $input); %}

/* ------------------------------------------- plain functions, via SWIG */

/* sa.version() -> "1.0.0" */
%rename(version) sa_version;
const char *sa_version(void);

/* sa.is_own_error(errno) -> true for the library's own codes (negative, as
 * the third result of a failed call gives them), false for system errnos. */
%rename(is_own_error) sa_is_own_error;
%typemap(out) int sa_is_own_error %{ lua_pushboolean(L, $1 != 0); SWIG_arg++; %}
int sa_is_own_error(int code);

/* ----------------------------------- hand-written functions (sa_lua_*.c) */

%native(create) int sa_lua_create(lua_State *L);
%native(attach) int sa_lua_attach(lua_State *L);
%native(delete) int sa_lua_delete(lua_State *L);
%native(info) int sa_lua_info(lua_State *L);
%native(list) int sa_lua_list(lua_State *L);
%native(errname) int sa_lua_errname(lua_State *L);
%native(strerror) int sa_lua_strerror(lua_State *L);

/* SWIG leaves the module table on top of the stack for %init. */
%init %{
  sa_lua_array_init(L);
  sa_lua_module_init(L);
%}
