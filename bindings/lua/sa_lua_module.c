/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua_module.c -- the functions of the Lua module `sharedarray`.
 *
 *   sa.create(name, shape, dtype [, order [, mode [, flags]]]) -> array
 *   sa.attach(name [, ro])                                     -> array
 *   sa.delete(name [, force])                                  -> true
 *   sa.info(name)                                              -> record
 *   sa.list([where])                                           -> {record...}
 *   sa.errname(errno), sa.strerror(errno)                      -> string
 *
 * Failures of the operation itself return nil, message, errno, as io.open
 * does, so that assert(sa.attach(name)) reads naturally. The message is the
 * core's and names the thing at fault. errno is the positive system errno
 * (sa.ENOENT == 2, sa.EEXIST == 17, ...) for system errors, and the
 * library's own negative code (sa.EDTYPE == -1013, ...) for bad input the
 * library itself rejects. Wrong argument types (a shape that is not a
 * table, a fractional dimension) raise a Lua error instead, as in io.open.
 *
 * A record (sa.info, sa.list) is a table with the fields name, dtype
 * (normalised, e.g. "<f8"), shape (a table), ndim, order ("C" or "F"),
 * nbytes, size (of the segment in bytes), mode (permission bits) and uid.
 */
#include "sa_lua.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- failures */

static lua_Integer sa_lua_errno(int rc) {
  return sa_is_own_error(rc) ? (lua_Integer)rc : (lua_Integer)-rc;
}

int sa_lua_fail(lua_State *L, int rc) {
  lua_pushnil(L);
  lua_pushstring(L, sa_errmsg());
  lua_pushinteger(L, sa_lua_errno(rc));
  return 3;
}

/* Like sa_lua_fail, for failures this layer detects itself. */
int sa_lua_failf(lua_State *L, int code, const char *fmt, ...) {
  va_list ap;
  lua_pushnil(L);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_pushinteger(L, sa_lua_errno(code));
  return 3;
}

/* Accept the Lua errno convention (positive errno, negative own code). */
static int sa_lua_code_arg(lua_State *L, int idx) {
  lua_Integer e = luaL_checkinteger(L, idx);
  if (e > 0 && e < 1000) return (int)-e;
  if (e < 0 && e > -100000) return (int)e;
  return 0;
}

int sa_lua_errname(lua_State *L) {
  lua_pushstring(L, sa_err_name(sa_lua_code_arg(L, 1)));
  return 1;
}

int sa_lua_strerror(lua_State *L) {
  lua_pushstring(L, sa_strerror(sa_lua_code_arg(L, 1)));
  return 1;
}

/* ----------------------------------------------------- string arguments */

/* The string argument at idx (or def when it is absent and def is not
 * NULL). Sets *nul when the string holds a NUL byte: C would silently cut
 * it there ("a\0b" would name "a"), so the caller must refuse it. */
static const char *sa_lua_str_arg(lua_State *L, int idx, const char *def,
                                  int *nul) {
  size_t len = 0;
  const char *s = def ? luaL_optlstring(L, idx, def, &len)
                      : luaL_checklstring(L, idx, &len);
  *nul = strlen(s) != len;
  return s;
}

/* Push the string at idx with each NUL byte shown as \0, for messages. */
static const char *sa_lua_push_shown(lua_State *L, int idx) {
  size_t len = 0, k;
  const char *s = lua_tolstring(L, idx, &len);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (k = 0; k < len; k++) {
    if (s[k] == '\0')
      luaL_addstring(&b, "\\0");
    else
      luaL_addchar(&b, s[k]);
  }
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

/* The failure for a name argument (at idx) that holds a NUL byte. */
static int sa_lua_fail_nul_name(lua_State *L, int idx, const char *what) {
  const char *shown = sa_lua_push_shown(L, idx);
  return sa_lua_failf(L, SA_ENAMEBAD, "%s: invalid %s: it contains a NUL "
                      "byte (argument #%d)", shown, what, idx);
}

/* ------------------------------------------------------------- records */

static void sa_lua_push_record(lua_State *L, const sa_info *in) {
  const sa_meta *m = &in->meta;
  char order = m->order;
  int k;
  lua_createtable(L, 0, 9);
  lua_pushstring(L, in->name);
  lua_setfield(L, -2, "name");
  lua_pushstring(L, m->dtype.descr);
  lua_setfield(L, -2, "dtype");
  lua_createtable(L, m->ndim, 0);
  for (k = 0; k < m->ndim; k++) {
    lua_pushinteger(L, (lua_Integer)m->shape[k]);
    lua_rawseti(L, -2, k + 1);
  }
  lua_setfield(L, -2, "shape");
  lua_pushinteger(L, m->ndim);
  lua_setfield(L, -2, "ndim");
  lua_pushlstring(L, &order, 1);
  lua_setfield(L, -2, "order");
  lua_pushinteger(L, (lua_Integer)m->nbytes);
  lua_setfield(L, -2, "nbytes");
  lua_pushinteger(L, (lua_Integer)in->size);
  lua_setfield(L, -2, "size");
  lua_pushinteger(L, (lua_Integer)in->mode);
  lua_setfield(L, -2, "mode");
  lua_pushinteger(L, (lua_Integer)in->uid);
  lua_setfield(L, -2, "uid");
}

int sa_lua_info(lua_State *L) {
  int nul;
  const char *name = sa_lua_str_arg(L, 1, NULL, &nul);
  sa_info *in;
  int rc;
  if (nul) return sa_lua_fail_nul_name(L, 1, "name");
  in = (sa_info *)lua_newuserdatauv(L, sizeof(*in), 0); /* ~5 KB */
  rc = sa_info_get(name, in);
  if (rc < 0) return sa_lua_fail(L, rc);
  sa_lua_push_record(L, in);
  return 1;
}

/* The open listing of sa.list, in a userdata whose __gc closes it: a Lua
 * memory error while the records are built then cannot leak the list (and
 * its directory descriptor). */
#define SA_LUA_LIST_GUARD "sharedarray.listguard"

static int sa_lua_list_guard_gc(lua_State *L) {
  sa_list **g = (sa_list **)luaL_checkudata(L, 1, SA_LUA_LIST_GUARD);
  sa_list *l = *g;
  *g = NULL;
  sa_list_close(l);
  return 0;
}

int sa_lua_list(lua_State *L) {
  int nul = 0;
  const char *where = NULL;
  sa_info *in;
  sa_list **guard;
  lua_Integer n = 0;
  int rc;
  if (!lua_isnoneornil(L, 1)) where = sa_lua_str_arg(L, 1, NULL, &nul);
  if (nul) return sa_lua_fail_nul_name(L, 1, "listing place");
  in = (sa_info *)lua_newuserdatauv(L, sizeof(*in), 0);
  /* Every allocation that can raise comes before sa_list_open or while the
   * guard holds the list. */
  guard = (sa_list **)lua_newuserdatauv(L, sizeof(*guard), 0);
  *guard = NULL;
  if (luaL_newmetatable(L, SA_LUA_LIST_GUARD)) {
    lua_pushcfunction(L, sa_lua_list_guard_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_newtable(L);
  rc = sa_list_open(where, guard);
  if (rc < 0) return sa_lua_fail(L, rc);
  while ((rc = sa_list_next(*guard, in)) > 0) {
    sa_lua_push_record(L, in); /* only a memory error can raise here */
    lua_rawseti(L, -2, ++n);
  }
  sa_list_close(*guard);
  *guard = NULL;
  if (rc < 0) return sa_lua_fail(L, rc);
  return 1;
}

/* ---------------------------------------------------- create and attach */

/* The permission bits: an integer (420) or an octal string ("0644"). */
static unsigned sa_lua_mode_arg(lua_State *L, int idx) {
  lua_Integer mode = 0;
  if (lua_type(L, idx) == LUA_TSTRING) {
    const char *s = lua_tostring(L, idx);
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 8);
    if (*s == '\0' || *s == '-' || *s == '+' || *end != '\0')
      luaL_argerror(L, idx, "mode must be octal digits, like \"0644\"");
    mode = (lua_Integer)v;
  } else if (!lua_isnoneornil(L, idx)) {
    mode = luaL_checkinteger(L, idx);
  }
  if (mode < 0 || mode > 07777)
    luaL_argerror(L, idx, "mode must be permission bits (0 to 07777)");
  return (unsigned)mode;
}

/* sa.create(name, shape, dtype [, order [, mode [, flags]]]) */
int sa_lua_create(lua_State *L) {
  int nul;
  const char *name = sa_lua_str_arg(L, 1, NULL, &nul);
  const char *dtype, *order;
  int64_t shape[SA_MAXDIMS];
  lua_Integer ndim = 0, k;
  unsigned mode;
  lua_Integer flags;
  sa_lua_array *u;
  int rc;

  if (nul) return sa_lua_fail_nul_name(L, 1, "name");

  if (lua_type(L, 2) == LUA_TNUMBER) { /* a plain length: 1-d */
    shape[0] = (int64_t)luaL_checkinteger(L, 2);
    ndim = 1;
  } else {
    luaL_checktype(L, 2, LUA_TTABLE);
    ndim = (lua_Integer)lua_rawlen(L, 2);
    if (ndim > SA_MAXDIMS)
      return sa_lua_failf(L, SA_ENDIM, "%s: too many dimensions (%I; the "
                          "limit is 64)", name, (LUA_INTEGER)ndim);
    for (k = 0; k < ndim; k++) {
      int isint = 0;
      lua_rawgeti(L, 2, k + 1);
      if (lua_type(L, -1) == LUA_TNUMBER)
        shape[k] = (int64_t)lua_tointegerx(L, -1, &isint);
      if (!isint) /* 2.5 shows as 2.5, "2" as a string */
        luaL_argerror(L, 2, lua_pushfstring(L, "shape[%I] must be an "
                      "integer, got %s", (LUA_INTEGER)(k + 1),
                      lua_type(L, -1) == LUA_TNUMBER
                          ? luaL_tolstring(L, -1, NULL)
                          : luaL_typename(L, -1)));
      lua_pop(L, 1);
    }
  }
  dtype = sa_lua_str_arg(L, 3, "f8", &nul);
  if (nul)
    return sa_lua_failf(L, SA_EDTYPE, "%s: dtype: unsupported dtype: '%s' "
                        "contains a NUL byte (argument #3)", name,
                        sa_lua_push_shown(L, 3));
  /* the core checks the order's letter and the flags' bits; here only
   * what does not survive the conversion to a C char or unsigned */
  order = sa_lua_str_arg(L, 4, "C", &nul);
  if (nul || strlen(order) != 1)
    return sa_lua_failf(L, SA_EORDER, "%s: invalid order '%s' (use 'C' or "
                        "'F', or lowercase 'c' or 'f'; argument #4)", name,
                        sa_lua_push_shown(L, 4));
  mode = sa_lua_mode_arg(L, 5);
  flags = luaL_optinteger(L, 6, 0);
  if (flags < 0 || (lua_Unsigned)flags > UINT_MAX)
    return sa_lua_failf(L, SA_EARG, "%s: invalid create flags %I (only "
                        "sa.CREATE_LAZY and sa.CREATE_POPULATE; argument #6)",
                        name, (LUA_INTEGER)flags);

  u = sa_lua_array_new(L);
  rc = sa_create(name, (int)ndim, shape, dtype, order[0], mode,
                 (unsigned)flags, &u->arr);
  if (rc < 0) return sa_lua_fail(L, rc);
  sa_lua_array_bind(u);
  return 1;
}

/* sa.attach(name [, ro]) */
int sa_lua_attach(lua_State *L) {
  int nul;
  const char *name = sa_lua_str_arg(L, 1, NULL, &nul);
  unsigned flags = lua_toboolean(L, 2) ? SA_RDONLY : 0;
  sa_lua_array *u;
  int rc;
  if (nul) return sa_lua_fail_nul_name(L, 1, "name");
  u = sa_lua_array_new(L);
  rc = sa_attach(name, flags, &u->arr);
  if (rc < 0) return sa_lua_fail(L, rc);
  sa_lua_array_bind(u);
  return 1;
}

/* sa.delete(name [, force]) */
int sa_lua_delete(lua_State *L) {
  int nul;
  const char *name = sa_lua_str_arg(L, 1, NULL, &nul);
  int rc;
  if (nul) return sa_lua_fail_nul_name(L, 1, "name");
  rc = sa_delete(name, lua_toboolean(L, 2));
  if (rc < 0) return sa_lua_fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* ---------------------------------------------------------------- init */

static void sa_lua_set_int(lua_State *L, const char *name, lua_Integer v) {
  lua_pushstring(L, name);
  lua_pushinteger(L, v);
  lua_rawset(L, -3); /* raw: SWIG's module table has a metatable */
}

void sa_lua_module_init(lua_State *L) {
  /* The library's own codes, as the third value on failure gives them. */
#define SA__LUA_CODE(name, val, msg) sa_lua_set_int(L, #name, val);
  SA_ERRNO_MAP(SA__LUA_CODE)
#undef SA__LUA_CODE
  /* The system errors a script most often tests for (positive). */
  sa_lua_set_int(L, "ENOENT", ENOENT);
  sa_lua_set_int(L, "EEXIST", EEXIST);
  sa_lua_set_int(L, "EACCES", EACCES);
  sa_lua_set_int(L, "EPERM", EPERM);
  sa_lua_set_int(L, "ENOSPC", ENOSPC);
  sa_lua_set_int(L, "ENOMEM", ENOMEM);
  sa_lua_set_int(L, "EINVAL", EINVAL);
}
