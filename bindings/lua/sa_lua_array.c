/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua_array.c -- the Lua array object of the `sharedarray` module.
 *
 * An array is a full userdata (struct sa_lua_array) whose metatable is
 * registered as "sharedarray.array". Element access is the hot path:
 *   a[i]      __index: a C closure that handles an integer key itself (one
 *             bounds check, one load) and looks string keys up in the
 *             methods table, its upvalue. SWIG's generic dispatch is never
 *             involved. An integer key outside 1..#a reads nil, as a
 *             table's would, so that ipairs(a) stops after a[#a].
 *   a[i] = v  __newindex: the same, through sa_value_store; an index
 *             outside 1..#a raises.
 * Indices are 1-based and flat in memory order (a[1] is the first element
 * in memory, whatever the order of the array); a:get/a:set take 1-based
 * multi-indices in the logical (numpy) shape.
 *
 * Conversions are the core's (sa_value_load, sa_value_store), so byte
 * swapping, float16 and range checks are written once, in C, for every
 * language. The only shortcut: reads of native-order b1, i1..i8, u1..u8,
 * f4 and f8 are one typed load (sa_lua_push_elem), as the core would do.
 *   b1        <-> boolean, and only a boolean (2 or 0.5 is an error, not
 *                 true: Lua's own truthiness would make 0 true)
 *   i1..i8    <-> integer, exactly, including all of int64
 *   u1..u4    <-> integer
 *   u8        <-> integer, 64-bit two's complement: values >= 2^63 read as
 *                 negative integers and negative integers write as 2^64+v,
 *                 as Lua's own math.ult and %x treat integers
 *   f2 f4 f8  <-> float
 *   c8 c16    <-> {re, im} table (a plain number stores with im = 0)
 * A float stored into an integer dtype must be integral and in range; a
 * boolean is stored only into b1 (anywhere else it is an error).
 *
 * Lifetime: __gc (and __close, and a:close()) calls sa_release, which
 * unmaps. sa.delete removes the name only, so a live array stays valid.
 *
 * Finalizers. Every allocation the binding makes (a table, a string, an
 * error message) can run the collector, and with it any __gc metamethod of
 * the script, which may close the array the binding is using; so may any
 * Lua code the binding calls (it calls none: no luaL_tolstring, no
 * non-raw table access). Two rules keep a closed array from being touched:
 *   - A function that must allocate while it still uses the array
 *     (totable, fromtable, snapshot, __tostring) pins it for the whole call
 *     (sa_lua_pinned): a close() meanwhile makes the array look closed to
 *     everyone else at once but keeps the mapping until the call ends (see
 *     struct sa_lua_array). The allocating part works on a copy of the
 *     array's state taken at the pin (the view), under lua_pcall, so that
 *     the pin is dropped whatever happens; only then does an error go on.
 *     (A to-be-closed slot would not do: Lua skips its __close when it
 *     cannot allocate the call, and the pin would stay.)
 *   - Every other function (a[i], a[i] = v, #a, the pairs iterator, get,
 *     set, shape and the small methods) reads the array before its first
 *     allocation and not after it, and formats every error message into a
 *     C buffer before Lua sees it (sa_lua_raisef), so no array memory is
 *     read once the error's own allocations have run the collector.
 * test_gc_close.lua runs every function under a collector that never rests
 * with finalizers that close the array in use.
 */
#include "sa_lua.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
# define SA_LUA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define SA_LUA_PRINTF(f, a)
#endif

/* Room for any message: a name of up to SA_NAME_MAX bytes plus text. */
#define SA_LUA_MSG_MAX (SA_NAME_MAX + 512)

/* ------------------------------------------------------------- helpers */

/* Raise an error formatted by C's vsnprintf: the message is complete
 * before luaL_error allocates anything (and so before any finalizer can
 * run), so the arguments may point into the array. */
static int sa_lua_raisef(lua_State *L, const char *fmt, ...)
    SA_LUA_PRINTF(2, 3);
static int sa_lua_raisef(lua_State *L, const char *fmt, ...) {
  char msg[SA_LUA_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return luaL_error(L, "%s", msg);
}

static int sa_lua_closed_error(lua_State *L) {
  return luaL_error(L, "sharedarray: the array is closed");
}

/* The Lua value at idx as text, for messages, without allocating or
 * running Lua code (luaL_tolstring may do both): a number as tostring()
 * shows it; with article set, a boolean's value and otherwise "a table"
 * etc. (what cannot be stored); without, the type name (what is not an
 * index). */
static const char *sa_lua_show(lua_State *L, int idx, int article, char *buf,
                               size_t cap) {
  int t = lua_type(L, idx);
  if (t == LUA_TNUMBER) {
    if (lua_isinteger(L, idx)) {
      snprintf(buf, cap, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, idx));
    } else {
      size_t len;
      snprintf(buf, cap, LUA_NUMBER_FMT, (LUAI_UACNUMBER)lua_tonumber(L, idx));
      len = strlen(buf); /* "2" -> "2.0", as tostring(2.0) */
      if (buf[strspn(buf, "-0123456789")] == '\0' && len + 3 <= cap)
        memcpy(buf + len, ".0", 3);
    }
    return buf;
  }
  if (t == LUA_TBOOLEAN && article)
    return lua_toboolean(L, idx) ? "true" : "false";
  snprintf(buf, cap, article && t != LUA_TNIL ? "a %s" : "%s",
           lua_typename(L, t));
  return buf;
}

/* The array at index 1, for metamethods. Lua calls them with the object
 * itself, and its metatable is out of reach of scripts (__metatable), so a
 * magic check is enough and much cheaper than luaL_checkudata; anything
 * else still gets luaL_checkudata's standard error. */
static sa_lua_array *sa_lua_self_fast(lua_State *L) {
  sa_lua_array *u = (sa_lua_array *)lua_touserdata(L, 1);
  if (u == NULL || u->magic != SA_LUA_MAGIC)
    return (sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY);
  return u;
}

/* The open array at index 1, for methods (a:ndim() etc.). A method takes
 * at most maxargs arguments after self; more raise, with extramsg as the
 * reason, rather than being silently ignored (-1: any number). */
static sa_lua_array *sa_lua_self(lua_State *L, int maxargs,
                                 const char *extramsg) {
  sa_lua_array *u = (sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY);
  if (maxargs >= 0 && lua_gettop(L) > maxargs + 1)
    luaL_argerror(L, maxargs + 2, extramsg);
  if (u->arr == NULL) sa_lua_closed_error(L);
  return u;
}

/* One call of sa_lua_pinned: the view of the array that the protected
 * function works on, and the message of an error it wants raised once the
 * pin is dropped. (What it raises itself, a memory error, goes on only
 * after the unpin too; a message it formats here may use the view, which
 * is valid until the unpin.) */
typedef struct sa_lua_call {
  sa_lua_array view;
  char msg[SA_LUA_MSG_MAX]; /* "" or the message to raise */
} sa_lua_call;

/* Drop one pin; the last one releases a mapping close() parked. */
static void sa_lua_unpin(sa_lua_array *u) {
  if (u->pins > 0 && --u->pins == 0 && u->deferred != NULL) {
    sa_array *d = u->deferred;
    u->deferred = NULL;
    sa_release(d);
  }
}

/* Call fn with the open array u (at index 1) pinned: fn gets a light
 * userdata to a sa_lua_call as its first argument, then the nargs values
 * on top of the stack (which it replaces by its nres results). fn runs in
 * protected mode: the pin goes however fn ends, and then fn's error, or
 * the message it left in call.msg, is raised. */
static void sa_lua_pinned(lua_State *L, sa_lua_array *u, lua_CFunction fn,
                          int nargs, int nres) {
  sa_lua_call call;
  int rc;
  lua_pushcfunction(L, fn);             /* no allocation: a light function */
  lua_insert(L, -nargs - 1);
  lua_pushlightuserdata(L, &call);
  lua_insert(L, -nargs - 1);
  call.msg[0] = '\0';
  u->pins++;
  call.view = *u;
  rc = lua_pcall(L, nargs + 1, nres, 0);
  sa_lua_unpin(u); /* u is at index 1: alive, whatever fn did */
  if (rc != LUA_OK) lua_error(L);
  if (call.msg[0] != '\0') luaL_error(L, "%s", call.msg);
}

static void sa_lua_push_value(lua_State *L, const sa_value *v) {
  switch (v->kind) {
    case 'b': lua_pushboolean(L, v->b); break;
    case 'i': lua_pushinteger(L, (lua_Integer)v->i); break;
    case 'u': lua_pushinteger(L, (lua_Integer)v->u); break; /* wraps >= 2^63 */
    case 'f': lua_pushnumber(L, (lua_Number)v->f); break;
    default: /* 'c' */
      lua_createtable(L, 2, 0);
      lua_pushnumber(L, (lua_Number)v->re);
      lua_rawseti(L, -2, 1);
      lua_pushnumber(L, (lua_Number)v->im);
      lua_rawseti(L, -2, 2);
      break;
  }
}

/* Convert the Lua value at idx (absolute) for storing into dtype dt.
 * Returns 0, or -1 when no value of that Lua type can be stored. Range and
 * integrality are checked later, by the core. Allocates nothing and runs
 * no Lua code (raw reads only). */
static int sa_lua_to_value(lua_State *L, int idx, const sa_dtype *dt,
                           sa_value *v) {
  memset(v, 0, sizeof(*v));
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
      /* b1 takes booleans only: a number's truth would be a guess (Lua
       * itself holds 0 true, C and numpy false). */
      if (dt->kind == 'b') return -1;
      if (lua_isinteger(L, idx)) {
        lua_Integer i = lua_tointeger(L, idx);
        if (dt->kind == 'u' && dt->itemsize == 8) {
          v->kind = 'u';
          v->u = (uint64_t)i; /* two's complement, see the top of the file */
        } else {
          v->kind = 'i';
          v->i = (int64_t)i;
        }
      } else {
        v->kind = 'f';
        v->f = (double)lua_tonumber(L, idx);
      }
      return 0;
    case LUA_TBOOLEAN:
      /* Only b1 takes booleans: true is not a number in Lua (true + 1
       * raises), so storing it as 1 into a numeric dtype would hide a bug. */
      if (dt->kind != 'b') return -1;
      v->kind = 'b';
      v->b = lua_toboolean(L, idx);
      return 0;
    case LUA_TTABLE: {
      int ok = dt->kind != 'b';
      lua_rawgeti(L, idx, 1);
      lua_rawgeti(L, idx, 2);
      if (lua_type(L, -2) != LUA_TNUMBER)
        ok = 0;
      else
        v->re = (double)lua_tonumber(L, -2);
      if (lua_type(L, -1) == LUA_TNUMBER)
        v->im = (double)lua_tonumber(L, -1);
      else if (!lua_isnil(L, -1))
        ok = 0;
      lua_pop(L, 2);
      v->kind = 'c';
      return ok ? 0 : -1;
    }
    default:
      return -1;
  }
}

/* What a dtype can hold, for error messages. */
static const char *sa_lua_holds(const sa_dtype *dt, char *buf, size_t cap) {
  int bits = dt->itemsize * 8;
  switch (dt->kind) {
    case 'b': return "only booleans (true or false)";
    case 'f': return "real numbers";
    case 'c': return "numbers or {re, im} tables";
    case 'i':
      if (bits == 64) return "integers";
      snprintf(buf, cap, "integers from %lld to %lld",
               -(1LL << (bits - 1)), (1LL << (bits - 1)) - 1);
      return buf;
    default: /* 'u' */
      if (bits == 64) return "integers (64-bit two's complement)";
      snprintf(buf, cap, "integers from 0 to %llu", (1ULL << bits) - 1);
      return buf;
  }
}

/* The message for a value (at vidx) that could not be stored at (1-based)
 * pos of the open array u. */
static void sa_lua_store_msg(lua_State *L, const sa_lua_array *u,
                             lua_Integer pos, int vidx, char *msg,
                             size_t cap) {
  char holds[96], what[64];
  snprintf(msg, cap, "%s: cannot store %s at index %lld: dtype %s holds %s",
           sa_name(u->arr), sa_lua_show(L, vidx, 1, what, sizeof what),
           (long long)pos, u->dtype->descr,
           sa_lua_holds(u->dtype, holds, sizeof holds));
}

/* Raise it. */
static int sa_lua_store_error(lua_State *L, const sa_lua_array *u,
                              lua_Integer pos, int vidx) {
  char msg[SA_LUA_MSG_MAX];
  sa_lua_store_msg(L, u, pos, vidx, msg, sizeof msg);
  return luaL_error(L, "%s", msg);
}

/* Raise the error for a bad flat index key at kidx. */
static int sa_lua_index_error(lua_State *L, const sa_lua_array *u, int kidx) {
  char what[64];
  if (u->arr == NULL) return sa_lua_closed_error(L);
  if (lua_type(L, kidx) == LUA_TNUMBER) {
    int isint;
    lua_Integer i = lua_tointegerx(L, kidx, &isint);
    if (isint) {
      if (u->nitems == 0)
        return sa_lua_raisef(L, "%s: index %lld out of range (the array is "
                             "empty)", sa_name(u->arr), (long long)i);
      return sa_lua_raisef(L, "%s: index %lld out of range 1..%llu",
                           sa_name(u->arr), (long long)i,
                           (unsigned long long)u->nitems);
    }
  }
  return sa_lua_raisef(L, "%s: index must be an integer, got %s",
                       sa_name(u->arr),
                       sa_lua_show(L, kidx, 0, what, sizeof what));
}

/* The 0-based flat index of the 1-based multi-index at first..last. */
static uint64_t sa_lua_multi_index(lua_State *L, const sa_lua_array *u,
                                   int first, int last) {
  const sa_meta *m = sa_get_meta(u->arr);
  int n = last - first + 1, k;
  int64_t idx[SA_MAXDIMS];
  uint64_t flat = 0;
  char what[64];
  if (n < 0) n = 0;
  if (n != m->ndim)
    sa_lua_raisef(L, "%s: %d indices given for %d dimensions",
                  sa_name(u->arr), n, m->ndim);
  for (k = 0; k < n; k++) {
    int isint = 0;
    lua_Integer i = 0;
    if (lua_type(L, first + k) == LUA_TNUMBER)
      i = lua_tointegerx(L, first + k, &isint);
    if (!isint)
      sa_lua_raisef(L, "%s: index %d must be an integer, got %s",
                    sa_name(u->arr), k + 1,
                    sa_lua_show(L, first + k, 0, what, sizeof what));
    if (i < 1 || i > m->shape[k])
      sa_lua_raisef(L, "%s: index %lld of dimension %d out of range 1..%lld",
                    sa_name(u->arr), (long long)i, k + 1,
                    (long long)m->shape[k]);
    idx[k] = (int64_t)i - 1;
  }
  if (sa_flat_index(u->arr, n, idx, &flat) < 0)
    sa_lua_raisef(L, "%s", sa_errmsg_safe());
  return flat;
}

static void sa_lua_check_writable(lua_State *L, const sa_lua_array *u) {
  if (u->readonly)
    sa_lua_raisef(L, "%s: array is read-only (attached with ro = true)",
                  sa_name(u->arr));
}

/* Store the value at vidx into element flat (0-based) of the open array u;
 * raises on failure. */
static void sa_lua_store(lua_State *L, const sa_lua_array *u, uint64_t flat,
                         int vidx) {
  sa_value v;
  if (sa_lua_to_value(L, vidx, u->dtype, &v) < 0 ||
      sa_value_store(u->dtype, u->data + flat * (uint64_t)u->dtype->itemsize,
                     &v) < 0)
    sa_lua_store_error(L, u, (lua_Integer)flat + 1, vidx);
}

/* -------------------------------------------------- the fast element path */

/* Push element k (0-based, in bounds) of the open array u: one typed load
 * for native-order plain types, the core's sa_value_load for everything
 * else. The element is read before anything is allocated. */
static void sa_lua_push_elem(lua_State *L, const sa_lua_array *u, uint64_t k) {
  const unsigned char *p = u->data + k * (uint64_t)u->dtype->itemsize;
  sa_value v;
  switch (u->fast) {
    case SA_LUA_FAST_F8: { double x; memcpy(&x, p, 8); lua_pushnumber(L, x); return; }
    case SA_LUA_FAST_F4: { float x; memcpy(&x, p, 4); lua_pushnumber(L, x); return; }
    case SA_LUA_FAST_I8: { int64_t x; memcpy(&x, p, 8); lua_pushinteger(L, x); return; }
    case SA_LUA_FAST_I4: { int32_t x; memcpy(&x, p, 4); lua_pushinteger(L, x); return; }
    case SA_LUA_FAST_I2: { int16_t x; memcpy(&x, p, 2); lua_pushinteger(L, x); return; }
    case SA_LUA_FAST_I1: lua_pushinteger(L, (int8_t)*p); return;
    case SA_LUA_FAST_U4: { uint32_t x; memcpy(&x, p, 4); lua_pushinteger(L, x); return; }
    case SA_LUA_FAST_U2: { uint16_t x; memcpy(&x, p, 2); lua_pushinteger(L, x); return; }
    case SA_LUA_FAST_U1: lua_pushinteger(L, *p); return;
    case SA_LUA_FAST_B1: lua_pushboolean(L, *p != 0); return;
    default:
      sa_value_load(u->dtype, p, &v);
      sa_lua_push_value(L, &v); /* may allocate: after the load */
      return;
  }
}

static int sa_lua_index(lua_State *L) {
  sa_lua_array *u = sa_lua_self_fast(L);
  lua_Integer i = 0;
  if (lua_isinteger(L, 2)) {
    i = lua_tointeger(L, 2);
  } else if (lua_type(L, 2) == LUA_TSTRING) { /* a method */
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    return 1;
  } else {
    int isint = 0;
    if (lua_type(L, 2) == LUA_TNUMBER)
      i = lua_tointegerx(L, 2, &isint); /* a[2.0] */
    if (!isint)
      return sa_lua_index_error(L, u, 2);
  }
  /* nitems is 0 once closed, so this one test also catches that. */
  if ((lua_Unsigned)i - 1u >= (lua_Unsigned)u->nitems) {
    if (u->arr == NULL) return sa_lua_closed_error(L);
    lua_pushnil(L); /* past either end: nil, as for a table */
    return 1;
  }
  sa_lua_push_elem(L, u, (uint64_t)i - 1u);
  return 1;
}

static int sa_lua_newindex(lua_State *L) {
  sa_lua_array *u = sa_lua_self_fast(L);
  lua_Integer i = 0;
  int isint = 0;
  if (lua_type(L, 2) == LUA_TNUMBER)
    i = lua_tointegerx(L, 2, &isint);
  if (!isint) {
    if (u->arr != NULL && lua_type(L, 2) == LUA_TSTRING)
      return sa_lua_raisef(L, "%s: cannot set field '%s' (arrays take only "
                           "integer indices)", sa_name(u->arr),
                           lua_tostring(L, 2));
    return sa_lua_index_error(L, u, 2);
  }
  if ((lua_Unsigned)i - 1u >= (lua_Unsigned)u->nitems)
    return sa_lua_index_error(L, u, 2);
  sa_lua_check_writable(L, u);
  /* Any real number fits a native float64/float32: store it directly. */
  if ((u->fast == SA_LUA_FAST_F8 || u->fast == SA_LUA_FAST_F4) &&
      lua_type(L, 3) == LUA_TNUMBER) {
    unsigned char *p = u->data + ((uint64_t)i - 1u) * (uint64_t)u->dtype->itemsize;
    double d = (double)lua_tonumber(L, 3);
    if (u->fast == SA_LUA_FAST_F8) {
      memcpy(p, &d, 8);
    } else {
      float f = (float)d;
      memcpy(p, &f, 4);
    }
    return 0;
  }
  sa_lua_store(L, u, (uint64_t)i - 1u, 3);
  return 0;
}

/* Lua 5.4 calls __len(a, a): only the first argument matters. */
static int sa_lua_len(lua_State *L) {
  sa_lua_array *u = sa_lua_self_fast(L);
  lua_pushinteger(L, (lua_Integer)u->nitems);
  return 1;
}

/* pairs(a): i, a[i] for i = 1..#a. An array closed during the loop raises
 * rather than ending the loop early as if it were complete. */
static int sa_lua_next(lua_State *L) {
  sa_lua_array *u = sa_lua_self_fast(L);
  lua_Integer k = luaL_checkinteger(L, 2); /* the previous index */
  if (u->arr == NULL) return sa_lua_closed_error(L);
  if (k < 0 || (lua_Unsigned)k >= (lua_Unsigned)u->nitems) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, k + 1);
  sa_lua_push_elem(L, u, (uint64_t)k);
  return 2;
}

static int sa_lua_pairs(lua_State *L) {
  sa_lua_self_fast(L);
  lua_pushcfunction(L, sa_lua_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

/* Close u: it looks closed at once; the mapping goes now, or, while a
 * method call holds a pin, when that call ends. */
static void sa_lua_close_u(sa_lua_array *u) {
  sa_array *a = u->arr;
  u->arr = NULL;
  u->nitems = 0;
  u->data = NULL;
  u->dtype = NULL;
  u->fast = SA_LUA_FAST_NONE;
  if (a == NULL) return;
  if (u->pins > 0) {
    u->deferred = a; /* a pinned call still uses it: sa_lua_unpin releases */
    return;
  }
  sa_release(a);
}

/* __close and a:close(): unmap. Safe to call more than once, and from a
 * finalizer while a method of the same array runs. */
static int sa_lua_close(lua_State *L) {
  sa_lua_close_u((sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY));
  return 0;
}

static int sa_lua_close_method(lua_State *L) {
  sa_lua_array *u = (sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY);
  if (lua_gettop(L) > 1) luaL_argerror(L, 2, "no arguments expected");
  sa_lua_close_u(u);
  return 0;
}

/* __gc: the object is unreachable, so no call can still be using it (only
 * lua_close, from os.exit(c, true) in a finalizer, finalizes objects that
 * a C function still holds, and that function never resumes): release
 * everything. */
static int sa_lua_gc(lua_State *L) {
  sa_lua_array *u = (sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY);
  sa_array *d = u->deferred;
  u->deferred = NULL;
  u->pins = 0;
  sa_lua_close_u(u);
  sa_release(d);
  return 0;
}

static int sa_lua_tostring_p(lua_State *L) {
  const sa_lua_array *v = &((sa_lua_call *)lua_touserdata(L, 1))->view;
  const sa_meta *m = sa_get_meta(v->arr);
  luaL_Buffer b;
  int k;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "sharedarray.array{name=");
  lua_pushfstring(L, "\"%s\", dtype=\"%s\", shape={", sa_name(v->arr),
                  m->dtype.descr);
  luaL_addvalue(&b);
  for (k = 0; k < m->ndim; k++) {
    lua_pushfstring(L, k ? ", %I" : "%I", (LUA_INTEGER)m->shape[k]);
    luaL_addvalue(&b);
  }
  lua_pushfstring(L, "}, order=\"%c\", readonly=%s}", m->order,
                  v->readonly ? "true" : "false");
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  return 1;
}

static int sa_lua_tostring(lua_State *L) {
  sa_lua_array *u = (sa_lua_array *)luaL_checkudata(L, 1, SA_LUA_ARRAY);
  if (u->arr == NULL) {
    lua_pushliteral(L, "sharedarray.array{closed}");
    return 1;
  }
  sa_lua_pinned(L, u, sa_lua_tostring_p, 0, 1);
  return 1;
}

/* ------------------------------------------------------------- methods */

#define SA_LUA_NOARGS "no arguments expected"

/* Unpinned methods: everything but totable, fromtable and snapshot. Each
 * reads what it needs of the array before its first allocation (pushing a
 * number or a boolean allocates nothing; lua_pushstring copies its string
 * before it runs the collector), and raises through sa_lua_raisef. A pin
 * costs a protected call, which would make a:get(i, j) much slower. */

/* a:get(i, j, ...) -> the element at the 1-based logical multi-index. */
static int sa_lua_get(lua_State *L) {
  sa_lua_array *u = sa_lua_self(L, -1, NULL);
  sa_lua_push_elem(L, u, sa_lua_multi_index(L, u, 2, lua_gettop(L)));
  return 1;
}

/* a:set(v, i, j, ...) stores v at the 1-based logical multi-index. */
static int sa_lua_set(lua_State *L) {
  sa_lua_array *u;
  uint64_t flat;
  luaL_checkany(L, 2);
  u = sa_lua_self(L, -1, NULL);
  flat = sa_lua_multi_index(L, u, 3, lua_gettop(L));
  sa_lua_check_writable(L, u);
  sa_lua_store(L, u, flat, 2);
  return 0;
}

/* a:shape() -> {d1, d2, ...}: copied out before the table is made. */
static int sa_lua_shape(lua_State *L) {
  const sa_lua_array *u = sa_lua_self(L, 0, SA_LUA_NOARGS);
  int64_t dims[SA_MAXDIMS];
  int ndim = sa_ndim(u->arr), k;
  memcpy(dims, sa_shape(u->arr), (size_t)ndim * sizeof dims[0]);
  lua_createtable(L, ndim, 0); /* u may be closed from here on */
  for (k = 0; k < ndim; k++) {
    lua_pushinteger(L, (lua_Integer)dims[k]);
    lua_rawseti(L, -2, k + 1);
  }
  return 1;
}

static int sa_lua_dtype(lua_State *L) {
  lua_pushstring(L, sa_descr(sa_lua_self(L, 0, SA_LUA_NOARGS)->arr));
  return 1;
}

static int sa_lua_ndim(lua_State *L) {
  lua_pushinteger(L, sa_ndim(sa_lua_self(L, 0, SA_LUA_NOARGS)->arr));
  return 1;
}

static int sa_lua_order(lua_State *L) {
  char o = sa_order(sa_lua_self(L, 0, SA_LUA_NOARGS)->arr);
  lua_pushlstring(L, &o, 1);
  return 1;
}

static int sa_lua_readonly(lua_State *L) {
  lua_pushboolean(L, sa_lua_self(L, 0, SA_LUA_NOARGS)->readonly);
  return 1;
}

static int sa_lua_name(lua_State *L) {
  lua_pushstring(L, sa_name(sa_lua_self(L, 0, SA_LUA_NOARGS)->arr));
  return 1;
}

static int sa_lua_nbytes(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)sa_nbytes(sa_lua_self(L, 0,
                                                        SA_LUA_NOARGS)->arr));
  return 1;
}

static int sa_lua_itemsize(lua_State *L) {
  lua_pushinteger(L, sa_itemsize(sa_lua_self(L, 0, SA_LUA_NOARGS)->arr));
  return 1;
}

/* A new flat table of all elements of the view v, in memory order. The
 * table is made at its final size (lua_createtable: n array slots, no
 * rehash while it fills), so it takes what any Lua 5.4 table of n numbers
 * must: 16 bytes a slot (10 M float32: 152.6 MiB), nothing more;
 * test_heap.lua holds it to that. */
static void sa_lua_push_table(lua_State *L, const sa_lua_array *v) {
  uint64_t k;
  lua_createtable(L, v->nitems <= 0x7fffffff ? (int)v->nitems : 0, 0);
  for (k = 0; k < v->nitems; k++) {
    sa_lua_push_elem(L, v, k);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
}

/* a:totable() -> a new flat table of all elements, in memory order. It
 * takes no range: extra arguments raise rather than being ignored. */
static int sa_lua_totable_p(lua_State *L) {
  sa_lua_push_table(L, &((sa_lua_call *)lua_touserdata(L, 1))->view);
  return 1;
}

static int sa_lua_totable(lua_State *L) {
  sa_lua_pinned(L, sa_lua_self(L, 0, "no arguments expected: totable copies "
                                     "the whole array (use a[i] or a:get "
                                     "for parts)"),
                sa_lua_totable_p, 0, 1);
  return 1;
}

/* a:snapshot([timeout]) -> a table of all elements, as a:totable(), copied
 * under the segment's lock (sa_snapshot: lock, copy the bytes, unlock), so
 * never torn by a writer that writes under the lock; a second result
 * "owner died" when the previous holder died holding the lock. Failures:
 * nil, "timed out", sa.ETIMEDOUT; nil, message, sa.ENOSYNC; ... The bytes
 * go to a scratch userdata first (allocated before the lock is taken), and
 * the table is built from it after the unlock. The scratch costs itemsize
 * bytes an element on top of the table, until the next collection (10 M
 * float32: 38 MiB beside the table's 152.6), and keeps the lock for one
 * memcpy: filling the table under the lock instead would save that memory
 * but hold the lock about 25 times longer (10 M float32: some 210 ms
 * against 8), stalling every writer for it. */
static int sa_lua_snapshot_p(lua_State *L) {
  sa_lua_call *c = (sa_lua_call *)lua_touserdata(L, 1);
  sa_lua_array *v = &c->view;
  int ms = (int)lua_tointeger(L, 2), rc;
  uint64_t nbytes = v->nitems * (uint64_t)v->dtype->itemsize;
  unsigned char *buf = (unsigned char *)lua_newuserdatauv(
      L, nbytes > 0 ? (size_t)nbytes : 1, 0);
  rc = sa_lua_snapshot(L, v->arr, buf, nbytes, ms);
  if (rc < 0) return sa_lua_sync_fail(L, rc);
  v->data = buf; /* the view reads the copy */
  sa_lua_push_table(L, v);
  if (rc == SA_LOCK_OWNER_DIED) lua_pushliteral(L, "owner died");
  else lua_pushnil(L);
  lua_pushnil(L);
  return 3;
}

static int sa_lua_snapshot_m(lua_State *L) {
  sa_lua_array *u = sa_lua_self(L, 1, "snapshot takes at most a timeout");
  int ms;
  if (sa_lua_timeout_arg(L, 2, &ms)) return 3;
  lua_pushinteger(L, ms);
  sa_lua_pinned(L, u, sa_lua_snapshot_p, 1, 3);
  if (lua_isnil(L, -3)) return 3;   /* nil, message, errno */
  if (lua_isnil(L, -2)) {
    lua_pop(L, 2);
    return 1;                       /* the table */
  }
  lua_pop(L, 1);
  return 2;                         /* the table, "owner died" */
}

/* a:fromtable(t) stores all of t (a flat table of exactly #a values, in
 * memory order). All values are converted before any is written, so on an
 * error the array is unchanged. */
static int sa_lua_fromtable_p(lua_State *L) {
  sa_lua_call *c = (sa_lua_call *)lua_touserdata(L, 1);
  const sa_lua_array *v = &c->view;
  size_t itemsize = (size_t)v->dtype->itemsize;
  unsigned char *buf;
  uint64_t k;
  /* A userdata as scratch space: collected however this ends. */
  buf = (unsigned char *)lua_newuserdatauv(L, (size_t)v->nitems * itemsize,
                                           0);
  for (k = 0; k < v->nitems; k++) {
    sa_value val;
    lua_rawgeti(L, 2, (lua_Integer)k + 1);
    if (sa_lua_to_value(L, lua_gettop(L), v->dtype, &val) < 0 ||
        sa_value_store(v->dtype, buf + k * itemsize, &val) < 0) {
      sa_lua_store_msg(L, v, (lua_Integer)k + 1, lua_gettop(L), c->msg,
                       sizeof c->msg);
      return 0;
    }
    lua_pop(L, 1);
  }
  memcpy(v->data, buf, (size_t)v->nitems * itemsize);
  return 0;
}

static int sa_lua_fromtable(lua_State *L) {
  sa_lua_array *u = sa_lua_self(L, 1, "fromtable takes one table");
  lua_Unsigned n;
  luaL_checktype(L, 2, LUA_TTABLE);
  sa_lua_check_writable(L, u);
  n = (lua_Unsigned)lua_rawlen(L, 2);
  if (n != (lua_Unsigned)u->nitems)
    return sa_lua_raisef(L, "%s: fromtable needs a table of %llu values, "
                         "got %llu", sa_name(u->arr),
                         (unsigned long long)u->nitems,
                         (unsigned long long)n);
  lua_pushvalue(L, 2);
  sa_lua_pinned(L, u, sa_lua_fromtable_p, 1, 0);
  return 0;
}

/* ------------------------------------------------------------ creation */

sa_lua_array *sa_lua_array_new(lua_State *L) {
  sa_lua_array *u = (sa_lua_array *)lua_newuserdatauv(L, sizeof(*u), 0);
  memset(u, 0, sizeof(*u));
  u->magic = SA_LUA_MAGIC;
  u->fast = SA_LUA_FAST_NONE;
  luaL_setmetatable(L, SA_LUA_ARRAY);
  return u;
}

/* The fast read path for a dtype, or SA_LUA_FAST_NONE. */
static int sa_lua_fast_code(const sa_dtype *dt) {
  if (!sa_dtype_is_native(dt))
    return SA_LUA_FAST_NONE; /* byte-swapped: the core's codec */
  switch (dt->kind) {
    case 'b': return SA_LUA_FAST_B1;
    case 'f':
      return dt->itemsize == 8 ? SA_LUA_FAST_F8
           : dt->itemsize == 4 ? SA_LUA_FAST_F4 : SA_LUA_FAST_NONE;
    case 'i':
      return dt->itemsize == 8 ? SA_LUA_FAST_I8
           : dt->itemsize == 4 ? SA_LUA_FAST_I4
           : dt->itemsize == 2 ? SA_LUA_FAST_I2 : SA_LUA_FAST_I1;
    case 'u': /* u8 reads as int64: the documented two's complement */
      return dt->itemsize == 8 ? SA_LUA_FAST_I8
           : dt->itemsize == 4 ? SA_LUA_FAST_U4
           : dt->itemsize == 2 ? SA_LUA_FAST_U2 : SA_LUA_FAST_U1;
    default:
      return SA_LUA_FAST_NONE;
  }
}

void sa_lua_array_bind(sa_lua_array *u) {
  u->nitems = sa_nitems(u->arr);
  u->readonly = sa_readonly(u->arr);
  u->data = (unsigned char *)sa_data(u->arr);
  u->dtype = &sa_get_meta(u->arr)->dtype;
  u->fast = sa_lua_fast_code(u->dtype);
}

sa_array *sa_lua_array_arg(lua_State *L, int idx) {
  sa_lua_array *u = (sa_lua_array *)luaL_checkudata(L, idx, SA_LUA_ARRAY);
  if (u->arr == NULL) sa_lua_closed_error(L);
  return u->arr;
}

void sa_lua_array_init(lua_State *L, int modidx) {
  static const luaL_Reg meta[] = {
    {"__newindex", sa_lua_newindex},
    {"__len", sa_lua_len},
    {"__pairs", sa_lua_pairs},
    {"__gc", sa_lua_gc},
    {"__close", sa_lua_close},
    {"__tostring", sa_lua_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg methods[] = {
    {"get", sa_lua_get},
    {"set", sa_lua_set},
    {"shape", sa_lua_shape},
    {"dtype", sa_lua_dtype},
    {"ndim", sa_lua_ndim},
    {"order", sa_lua_order},
    {"readonly", sa_lua_readonly},
    {"name", sa_lua_name},
    {"nbytes", sa_lua_nbytes},
    {"itemsize", sa_lua_itemsize},
    {"totable", sa_lua_totable},
    {"fromtable", sa_lua_fromtable},
    {"snapshot", sa_lua_snapshot_m},
    {"close", sa_lua_close_method},
    {NULL, NULL}
  };
  /* SWIG's wrappers of sa_surface.i, registered as methods too */
  static const char *const from_module[] = {"msync", "mlock", "munlock",
                                            "lock", "unlock", "notify",
                                            "wait", "generation", NULL};
  int k;
  if (!luaL_newmetatable(L, SA_LUA_ARRAY)) { /* already set up */
    lua_pop(L, 1);
    return;
  }
  luaL_setfuncs(L, meta, 0);
  luaL_newlib(L, methods);
  for (k = 0; from_module[k] != NULL; k++) {
    lua_pushstring(L, from_module[k]);
    lua_rawget(L, modidx);
    lua_setfield(L, -2, from_module[k]);
  }
  lua_pushcclosure(L, sa_lua_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushliteral(L, SA_LUA_ARRAY); /* getmetatable(a) gives this string */
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}
