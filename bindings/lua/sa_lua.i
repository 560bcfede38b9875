/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua.i -- the Lua 5.4 part of the SWIG interface; %included by
 * bindings/sharedarray.i when SWIG runs with -lua, before the shared API
 * (sa_surface.i), whose every function SWIG wraps with the typemaps below.
 * The result is
 *     local sa = require "sharedarray"
 *
 * Lua's idiom, and all that this file decides:
 *   - a failure returns nil, message, errno, like io.open (sa_lua_fail); a
 *     wrong argument type raises a Lua error, as in io.open;
 *   - an array is a userdata with its own metatable (sa_lua_array.c): the
 *     fast a[i] path, and the methods, among them the generated msync,
 *     mlock, munlock, lock, unlock, notify, wait and generation (a method
 *     call passes the array first);
 *   - timeouts in seconds (nil: for ever), waits that Ctrl-C interrupts;
 *   - optional arguments and option tables: sa.create's order and mode, or
 *     {order=, mode=, lazy=, populate=}; sa.attach's ro, or {ro=,
 *     populate=, owner=}; sa.delete's force.
 * Each typemap is one line that calls its role's C helper (sa_lua_module.c,
 * compiled with the full warning set). A helper that finds a failure of
 * the operation (a NUL inside a name, a bad mode) pushes nil, message,
 * errno and returns 3, which the typemap returns.
 */

%{
#include "sa_lua.h"
%}

/* Every function gets its own name: sa.create, sa.attach, ... */
#define SA_API(n) n

/* Argument counts, as Lua's own functions check them: too many arguments
 * raise "bad argument #N to 'f' (at most K arguments expected)" (a method
 * call counts without its self); a missing one is its typemap's concern,
 * as most are optional. */
%{
#undef SWIG_check_num_args
#define SWIG_check_num_args(func_name, a, b) \
  if (lua_gettop(L) > (b)) sa_lua_too_many(L, (b));
%}

/* SWIG's stock Lua typemaps pass C integers as lua_Number, so Lua 5.4 would
 * see 3.0 where C returned 3, and would truncate 2.5 silently on the way in.
 * Use real Lua integers both ways. */
%typemap(out) int, short, long, long long, signed char,
              unsigned, unsigned short, unsigned long, unsigned long long,
              unsigned char, int64_t, uint64_t, size_t
%{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(in) int, short, long, long long, signed char,
             unsigned, unsigned short, unsigned long, unsigned long long,
             unsigned char, int64_t, uint64_t, size_t
%{ $1 = ($1_ltype)luaL_checkinteger(L, $input); %}

/* ------------------------------------------------ the roles (sa_surface.i) */

/* errors: nil, message, errno; success without a result gives true */
%typemap(out) sa_status %{ if ($1 < 0) return sa_lua_fail(L, $1);
%}
%typemap(ret) sa_status %{ if (SWIG_arg == 0) { lua_pushboolean(L, 1); SWIG_arg++; } %}

/* names, dtype, shape */
%typemap(in) const char *name %{ if (sa_lua_name_arg(L, $input, "name", (const char **)&$1)) return 3; %}
%typemap(in) const char *where %{ if (sa_lua_name_arg(L, $input, NULL, (const char **)&$1)) return 3; %}
%typemap(in) const char *dtype %{ if (sa_lua_dtype_arg(L, $input, (const char **)&$1)) return 3; %}
%typemap(in) (int ndim, const int64_t *shape) (int64_t dims[SA_MAXDIMS])
%{ $1 = sa_lua_shape_arg(L, $input, dims); $2 = dims; %}

/* create's options: positional order, mode, flags, or one table */
%typemap(in) char order %{ if (sa_lua_order_arg(L, $input, &$1)) return 3; %}
%typemap(in) unsigned mode %{ if (sa_lua_mode_arg(L, $input, &$1)) return 3; %}
%typemap(in) unsigned create_flags %{ if (sa_lua_create_flags_arg(L, $input, &$1)) return 3; %}
/* attach's: read-only, or {ro =, populate =, owner =}; delete's: force */
%typemap(in) (unsigned attach_flags, unsigned owner)
%{ if (sa_lua_attach_arg(L, $input, &$1, &$2)) return 3; %}
%typemap(in) unsigned delete_flags %{ $1 = lua_toboolean(L, $input) ? SA_DELETE_FORCE : 0; %}

/* view-out: the userdata exists before the mapping, so that a memory error
 * cannot leak one ("check" runs after every argument is read) */
%typemap(in, numinputs=0) sa_array **out (sa_lua_array *view) %{ view = NULL; $1 = NULL; %}
%typemap(check) sa_array **out %{ view$argnum = sa_lua_array_new(L); $1 = &view$argnum->arr; %}
%typemap(argout) sa_array **out %{ sa_lua_array_bind(view$argnum); SWIG_arg++; /* on top */ %}

/* an array (the self of a method call), msync's flags, an error code */
%typemap(in) sa_array *array %{ $1 = sa_lua_array_arg(L, $input); %}
%typemap(in) int msync_flags %{ if (sa_lua_msync_flags_arg(L, $input, &$1)) return 3; %}
%typemap(in) int code %{ $1 = sa_lua_code_arg(L, $input); %}

/* info: one record (with its holders, from one scan of /proc); list: the
 * same records, from a listing that a guard userdata closes on every path
 * (memory errors included), with one scan for them all */
%typemap(in, numinputs=0) sa_info *info_out (sa_info temp) %{ $1 = &temp; %}
%typemap(argout) sa_info *info_out %{ sa_lua_push_info(L, $1); SWIG_arg++; %}
%typemap(in, numinputs=0) sa_list **list_out %{ $1 = NULL; %}
%typemap(check) sa_list **list_out %{ $1 = sa_lua_list_guard(L); %}
%typemap(argout) sa_list **list_out %{ if (sa_lua_push_list(L, $1) != 1) return 3;
   SWIG_arg++; %}

/* synchronisation (issue 15). Timeouts are seconds: nil (or math.huge) for
 * ever, 0 only tries; the C side waits in slices, so that Ctrl-C in the
 * lua5.4 interpreter interrupts a lock or a wait (sa_lua_sync.c). A
 * generation is an integer (uint64, as two's complement past 2^63); since
 * must be an integer >= 0 (a negative or fractional one raises). */
%typemap(in) int timeout_ms %{ if (sa_lua_timeout_arg(L, $input, &$1)) return 3; %}
%typemap(in) uint64_t since %{ $1 = sa_lua_since_arg(L, $input); %}
%typemap(in, numinputs=0) uint64_t *generation_out (uint64_t gen) %{ gen = 0; $1 = &gen; %}
%typemap(argout) uint64_t *generation_out %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}
/* lock: true; true, "owner died" (the previous holder died holding it: the
 * data may be half-written); nil, "timed out", sa.ETIMEDOUT; or a failure */
%typemap(out) sa_lock_status %{ if ($1 < 0) return sa_lua_sync_fail(L, $1);
  lua_pushboolean(L, 1); SWIG_arg++;
  if ($1 == SA_LOCK_OWNER_DIED) { lua_pushliteral(L, "owner died"); SWIG_arg++; }
%}
/* The sliced, interruptible calls replace the plain ones (the shared
 * declarations stay as they are); a timeout gives nil, "timed out",
 * sa.ETIMEDOUT, and Ctrl-C nil, "interrupted", sa.EINTR (the interpreter's
 * hook then raises "interrupted!" as the call returns). */
%exception sa_lock %{ result = (sa_lock_status)sa_lua_lock(L, arg1, arg2); %}
%exception sa_wait %{ result = (sa_status)sa_lua_wait(L, arg1, arg2, arg3, arg4);
  if (result < 0) return sa_lua_sync_fail(L, result); %}

/* ------------------------------------------------------- Lua only */

/* sa.is_own_error(errno) -> true for the library's own codes (negative, as
 * the third result of a failed call gives them), false for system errnos. */
%rename(is_own_error) sa_is_own_error;
%typemap(out) int sa_is_own_error %{ lua_pushboolean(L, $1 != 0); SWIG_arg++; %}
int sa_is_own_error(int code);

/* SWIG leaves the module table on top of the stack for %init: the array
 * metatable takes msync, mlock, munlock, lock, unlock, notify, wait and
 * generation from it as methods; the error codes (sa.ENOENT, sa.EDTYPE,
 * sa.ETIMEDOUT, ...) are added to it. */
%init %{
  sa_lua_array_init(L, lua_gettop(L));
  sa_lua_module_init(L);
%}
