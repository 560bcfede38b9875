/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua_module.c -- the functions of the Lua module `sharedarray`.
 *
 *   sa.create(name, shape, dtype [, order [, mode [, flags]]]) -> array
 *   sa.attach(name [, ro | {ro=, populate=, owner=}])          -> array
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
 * create's mode: nil or 0 (the default, 0600), an integer from 0 to 0777
 * (384 or 0x180 for 0600), or octal digits in a string as chmod takes them
 * ("0640", "640", "0o640"); setuid, setgid and sticky bits, and strings
 * with signs, spaces or other text, fail with sa.EARG. create's flags:
 * sa.CREATE_LAZY and sa.CREATE_POPULATE. attach's options: see
 * sa_lua_attach.
 *
 * A record (sa.info, sa.list) is a table with the fields name, dtype
 * (normalised, e.g. "<f8"), shape (a table), ndim, order ("C" or "F"),
 * nbytes, size (of the segment in bytes), mode (the permission bits, an
 * integer: 384 for 0600), mode_octal (the same as the CLI prints it, a
 * string: "0600") and uid.
 */
#define _POSIX_C_SOURCE 200809L /* getpwnam_r */
#include "sa_lua.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- failures */

static lua_Integer sa_lua_errno(int rc) {
  return sa_is_own_error(rc) ? (lua_Integer)rc : (lua_Integer)-rc;
}

int sa_lua_fail(lua_State *L, int rc) {
  lua_pushnil(L);
  lua_pushstring(L, sa_errmsg_safe()); /* names may hold terminal escapes */
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
  char octal[16];
  int k;
  lua_createtable(L, 0, 10);
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
  snprintf(octal, sizeof octal, "%04o", in->mode); /* as the CLI prints it */
  lua_pushstring(L, octal);
  lua_setfield(L, -2, "mode_octal");
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

/* The permission bits at idx into *mode: absent (0: the default, 0600), an
 * integer from 0 to 0777 (420 or 0x1a4 for 0644), or octal digits in a
 * string as chmod takes them ("0644", "644", "0o644"; sa_mode_parse).
 * Returns 0, or pushes the failure (nil, message naming the mode, sa.EARG)
 * and returns 3. Not an integer or a string: a Lua error. Bits above 0777
 * (setuid, setgid, sticky) are refused: a shared array is data, and a
 * setuid bit would survive other users' writes to a root-owned file. */
static int sa_lua_mode_arg(lua_State *L, int idx, const char *name,
                           unsigned *mode) {
  lua_Integer m;
  *mode = 0;
  if (lua_isnoneornil(L, idx)) return 0;
  if (lua_type(L, idx) == LUA_TSTRING) {
    int nul;
    const char *text = sa_lua_str_arg(L, idx, NULL, &nul);
    int rc = nul ? SA_EARG : sa_mode_parse(text, mode);
    if (nul)
      return sa_lua_failf(L, SA_EARG, "%s: mode '%s': expected 1 to 4 octal "
                          "digits, as chmod takes them, e.g. 0640 (argument "
                          "#%d)", name, sa_lua_push_shown(L, idx), idx);
    if (rc < 0)
      return sa_lua_failf(L, rc, "%s: %s (argument #%d)", name, sa_errmsg_safe(),
                          idx);
    return 0;
  }
  if (lua_type(L, idx) != LUA_TNUMBER)
    luaL_argerror(L, idx, lua_pushfstring(L, "mode must be an integer or "
                  "octal digits in a string (\"0640\"), got %s",
                  luaL_typename(L, idx)));
  m = luaL_checkinteger(L, idx); /* 420.0 is 420; 420.5 raises */
  if (m < 0 || m > 0777) {
    char shown[32];
    if (m < 0)
      snprintf(shown, sizeof shown, "%lld", (long long)m);
    else
      snprintf(shown, sizeof shown, "0%llo", (unsigned long long)m);
    return sa_lua_failf(L, SA_EARG, "%s: mode %s: only permission bits (0 to "
                        "0777, e.g. 384 or \"0600\") are allowed, not setuid, "
                        "setgid or sticky (argument #%d)", name, shown, idx);
  }
  *mode = (unsigned)m;
  return 0;
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
  /* the core checks the order's letter; here only what does not survive
   * the conversion to a C char */
  order = sa_lua_str_arg(L, 4, "C", &nul);
  if (nul || strlen(order) != 1)
    return sa_lua_failf(L, SA_EORDER, "%s: invalid order '%s' (use 'C' or "
                        "'F', or lowercase 'c' or 'f'; argument #4)", name,
                        sa_lua_push_shown(L, 4));
  if (sa_lua_mode_arg(L, 5, name, &mode) != 0) return 3;
  /* Only the flags that make sense here: SA_CREATE_ANY_DTYPE would make
   * arrays whose elements this module cannot convert. */
  flags = luaL_optinteger(L, 6, 0);
  if ((flags & ~(lua_Integer)(SA_CREATE_LAZY | SA_CREATE_POPULATE)) != 0)
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

/* A boolean option of sa.attach's table at idx: nil is false. */
static int sa_lua_bool_opt(lua_State *L, int idx, const char *key) {
  int t = lua_getfield(L, idx, key), v;
  if (t != LUA_TNIL && t != LUA_TBOOLEAN)
    luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' must be true or "
                  "false, got %s", key, luaL_typename(L, -1)));
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* The owner option of sa.attach's table at idx: nil or false (no check),
 * true (the caller's effective uid: *flags gets SA_ATTACH_OWNED), a uid,
 * or a user name (a string of digits is a uid). Returns 1 when *uid is
 * set; 0 otherwise; or pushes a failure (nil, message, code) and returns
 * -1 (an unknown user name). */
static int sa_lua_owner_opt(lua_State *L, int idx, const char *name,
                            unsigned *flags, unsigned *uid) {
  int t = lua_getfield(L, idx, "owner");
  int top = lua_gettop(L);
  if (t == LUA_TNIL || t == LUA_TBOOLEAN) {
    if (lua_toboolean(L, top)) *flags |= SA_ATTACH_OWNED;
    return 0;
  }
  if (t == LUA_TNUMBER) {
    int isint = 0;
    lua_Integer v = lua_tointegerx(L, top, &isint);
    if (!isint || v < 0 || (lua_Unsigned)v > UINT_MAX)
      luaL_argerror(L, idx, lua_pushfstring(L, "option 'owner' must be a "
                    "uid from 0 to %I, got %s", (LUA_INTEGER)UINT_MAX,
                    luaL_tolstring(L, top, NULL)));
    *uid = (unsigned)v;
    return 1;
  }
  if (t == LUA_TSTRING) {
    size_t len = 0;
    const char *who = lua_tolstring(L, top, &len);
    int rc;
    if (strlen(who) != len) { /* a NUL inside: no user has that name */
      sa_lua_failf(L, SA_EARG, "%s: owner '%s': no such user", name,
                   sa_lua_push_shown(L, top));
      return -1;
    }
    if ((rc = sa_owner_parse(who, uid)) < 0) { /* a uid or a user name */
      sa_lua_failf(L, rc, "%s: %s", name, sa_errmsg_safe());
      return -1;
    }
    return 1;
  }
  return luaL_argerror(L, idx, lua_pushfstring(L, "option 'owner' must be "
                       "true, false, a uid or a user name, got %s",
                       luaL_typename(L, top)));
}

/* sa.attach(name [, ro])
 * sa.attach(name, {ro = false, populate = false, owner = nil})
 *   ro        map read-only: writes raise
 *   populate  prefault every page now (MAP_POPULATE)
 *   owner     refuse (nil, message, sa.EOWNER) a segment that is not owned
 *             by: true, the caller's effective uid; a uid; or a user name.
 *             Off by default, so that users can share arrays; a privileged
 *             script should set it (docs/format.md section 11).
 * Unknown option names raise: a mistyped "onwer" must not silently turn
 * the owner check off. */
int sa_lua_attach(lua_State *L) {
  static const char *const known[] = {"ro", "populate", "owner", NULL};
  int nul;
  const char *name = sa_lua_str_arg(L, 1, NULL, &nul);
  unsigned flags = 0, uid = 0;
  int by_uid = 0;
  sa_lua_array *u;
  int rc;
  if (nul) return sa_lua_fail_nul_name(L, 1, "name");
  switch (lua_type(L, 2)) {
    case LUA_TNONE:
    case LUA_TNIL:
      break;
    case LUA_TBOOLEAN: /* the short form: sa.attach(name, true) */
      if (lua_toboolean(L, 2)) flags |= SA_ATTACH_RDONLY;
      break;
    case LUA_TTABLE: {
      int k;
      lua_pushnil(L);
      while (lua_next(L, 2) != 0) {
        const char *key = lua_type(L, -2) == LUA_TSTRING
                              ? lua_tostring(L, -2) : NULL;
        for (k = 0; key != NULL && known[k] != NULL; k++)
          if (strcmp(key, known[k]) == 0) break;
        if (key == NULL || known[k] == NULL)
          luaL_argerror(L, 2, lua_pushfstring(L, "unknown option %s%s%s "
                        "(the options are ro, populate and owner)",
                        key ? "'" : "", key ? key : luaL_typename(L, -2),
                        key ? "'" : ""));
        lua_pop(L, 1);
      }
      if (sa_lua_bool_opt(L, 2, "ro")) flags |= SA_ATTACH_RDONLY;
      if (sa_lua_bool_opt(L, 2, "populate")) flags |= SA_ATTACH_POPULATE;
      by_uid = sa_lua_owner_opt(L, 2, name, &flags, &uid);
      if (by_uid < 0) return 3;
      break;
    }
    default:
      return luaL_typeerror(L, 2, "boolean (read-only) or table of options");
  }
  u = sa_lua_array_new(L);
  rc = by_uid ? sa_attach_owner(name, flags, uid, &u->arr)
              : sa_attach(name, flags, &u->arr);
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
  rc = sa_delete(name, lua_toboolean(L, 2) ? SA_DELETE_FORCE : 0);
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
