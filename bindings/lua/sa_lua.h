/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua.h -- the hand-written part of the Lua 5.4 module `sharedarray`.
 *
 * SWIG generates the module itself from bindings/sharedarray.i: every
 * function of the shared API (sa_surface.i), the constants and
 * luaopen_sharedarray. bindings/lua/sa_lua.i's typemaps call the functions
 * below, which live in plain C files so that they compile with the
 * project's full warning set.
 *
 *   sa_lua_module.c  the argument roles (option tables, modes, owners), the
 *                    records, and the nil, message, errno convention
 *   sa_lua_array.c   the array userdata: the fast a[i] / a[i] = v path, the
 *                    methods, and the __gc that unmaps
 *   sa_lua_sync.c    lock, wait and snapshot in slices that Ctrl-C
 *                    interrupts, and their results
 */
#ifndef SA_LUA_H
#define SA_LUA_H

#include <lauxlib.h>
#include <lua.h>

#include "sharedarray_codec.h"

/* The registry name of the array metatable (also its __name). */
#define SA_LUA_ARRAY "sharedarray.array"

/* --- sa_lua_module.c: the C side of sa_lua.i's typemaps ---------------- */

/* Push nil, sa_errmsg_safe(), errno-or-code for the core failure rc;
 * returns 3. The third value is the positive errno for system errors (2
 * for ENOENT) and the library's own negative code (sa.EDTYPE == -1013)
 * otherwise. */
int sa_lua_fail(lua_State *L, int rc);

/* The argument roles of sa_surface.i. Each reads the Lua argument at idx
 * and raises a Lua error for a wrong type. The ones that return int return
 * 0, or push a failure of the operation (nil, message naming argument 1
 * and the argument, code) and return 3, for the typemap to return. */
int sa_lua_name_arg(lua_State *L, int idx, const char *what,
                    const char **out); /* what NULL: list's optional place */
int sa_lua_dtype_arg(lua_State *L, int idx, const char **out);
int sa_lua_shape_arg(lua_State *L, int idx, int64_t dims[SA_MAXDIMS]);
/* create's options: order, mode and flags at idx, idx+1, idx+2, or one
 * table {order=, mode=, lazy=, populate=} in order's place */
int sa_lua_order_arg(lua_State *L, int idx, char *order);
int sa_lua_mode_arg(lua_State *L, int idx, unsigned *mode);
int sa_lua_create_flags_arg(lua_State *L, int idx, unsigned *flags);
/* attach's: nil, a boolean (read-only) or {ro=, populate=, owner=} */
int sa_lua_attach_arg(lua_State *L, int idx, unsigned *flags,
                      unsigned *owner);
int sa_lua_msync_flags_arg(lua_State *L, int idx, int *flags);
/* a timeout in seconds (nil: for ever) into ms (-1: for ever) */
int sa_lua_timeout_arg(lua_State *L, int idx, int *ms);
/* a generation (since): an integer >= 0, else raises */
uint64_t sa_lua_since_arg(lua_State *L, int idx);
/* an errno in the Lua convention (positive errno, negative own code) */
int sa_lua_code_arg(lua_State *L, int idx);
/* Raise "bad argument #max+1 to 'f' (at most N arguments expected)". */
int sa_lua_too_many(lua_State *L, int max);

/* The results: a record of sa.info and sa.list; the listing's guard (a
 * userdata whose __gc closes the listing, pushed before sa_list_open), and
 * the table of records built from it (returns 1, or 3 for a failure). */
void sa_lua_push_record(lua_State *L, const sa_info *in,
                        const sa_holders *h); /* h NULL: holders unknown */
void sa_lua_push_info(lua_State *L, const sa_info *in); /* scans /proc */
sa_list **sa_lua_list_guard(lua_State *L);
int sa_lua_push_list(lua_State *L, sa_list **guard);

/* --- sa_lua_sync.c: lock, wait, snapshot ------------------------------- */

/* sa_lock, sa_wait and sa_snapshot with the same arguments (timeout_ms < 0:
 * for ever), called in slices so that an interrupt of the interpreter
 * (lua5.4's Ctrl-C handler sets a hook) ends them: they then return
 * -EINTR. The other results are the core's. */
int sa_lua_lock(lua_State *L, sa_array *a, int timeout_ms);
int sa_lua_wait(lua_State *L, sa_array *a, uint64_t since, int timeout_ms,
                uint64_t *now);
int sa_lua_snapshot(lua_State *L, sa_array *a, void *dst, uint64_t cap,
                    int timeout_ms);
/* Push the failure rc of one of them: nil, "timed out", ETIMEDOUT; nil,
 * "interrupted", EINTR; or sa_lua_fail's. Returns 3. */
int sa_lua_sync_fail(lua_State *L, int rc);

/* Add the module's extra fields (error constants) to the table at -1. */
void sa_lua_module_init(lua_State *L);

/* --- sa_lua_array.c ----------------------------------------------------- */

/* The array object: a full userdata with the SA_LUA_ARRAY metatable. The
 * hot path reads only this struct: the fields after arr cache what the
 * core knows, so that a[i] costs one bounds check and one sa_load.
 *
 * Pins. Any allocation the binding makes can run the collector, and so any
 * __gc metamethod, which may call a:close() on the very array a method is
 * using. A method that allocates while it uses the array pins it for the
 * whole call (pins > 0); close() then makes the array look closed at once
 * (arr, data, nitems cleared: new calls and a[i] refuse it) but parks the
 * mapping in `deferred`, released when the last pin goes. The allocating
 * part runs under lua_pcall, so the C code that pinned always unpins,
 * however it ends (memory errors included), before any error goes on. See
 * the top of sa_lua_array.c for the functions that do not pin. */
typedef struct sa_lua_array {
  unsigned magic;          /* SA_LUA_MAGIC: cheap identity check */
  int      readonly;
  uint64_t nitems;         /* 0 once closed */
  unsigned char *data;     /* sa_data(arr) */
  const sa_dtype *dtype;   /* inside arr's meta */
  int      fast;           /* SA_LUA_FAST_*: a native-order plain load */
  unsigned pins;           /* method calls in progress on this array */
  sa_array *arr;           /* NULL when empty (failed create) or closed */
  sa_array *deferred;      /* closed while pinned: released at the last unpin */
} sa_lua_array;

/* Element types that a[i] reads with one typed load (native byte order, no
 * float16 or complex); every other read, and every write, goes through the
 * core's sa_value_load / sa_value_store. */
enum {
  SA_LUA_FAST_NONE = 0,
  SA_LUA_FAST_F8, SA_LUA_FAST_F4,
  SA_LUA_FAST_I8, SA_LUA_FAST_I4, SA_LUA_FAST_I2, SA_LUA_FAST_I1,
  SA_LUA_FAST_U4, SA_LUA_FAST_U2, SA_LUA_FAST_U1, SA_LUA_FAST_B1
};

#define SA_LUA_MAGIC 0x5341754cu /* "SAuL" */

/* Create the array metatable in the registry (once per lua_State); its
 * msync, mlock, munlock, lock, unlock, notify, wait and generation methods
 * are the module's (table at modidx). */
void sa_lua_array_init(lua_State *L, int modidx);

/* The open array at idx (the sa_array *array role): raises for anything
 * else, and for a closed array. */
sa_array *sa_lua_array_arg(lua_State *L, int idx);

/* Push a new, empty array object. Allocating the
 * userdata before the mapping means that a Lua memory error can never leak
 * a mapping: an empty object is collected harmlessly. Call
 * sa_lua_array_bind once u->arr is set, with no allocation in between. */
sa_lua_array *sa_lua_array_new(lua_State *L);
void sa_lua_array_bind(sa_lua_array *u);

#endif /* SA_LUA_H */
