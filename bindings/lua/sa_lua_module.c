/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua_module.c -- the C side of sa_lua.i's typemaps: how the Lua module
 * `sharedarray` takes the arguments of the shared API (sa_surface.i) and
 * gives its results. SWIG generates the functions themselves:
 *
 *   sa.create(name, shape, dtype [, order [, mode [, flags]]])  -> array
 *   sa.create(name, shape, dtype, {order=, mode=, lazy=, populate=})
 *   sa.attach(name [, ro | {ro=, populate=, owner=}])           -> array
 *   sa.delete(name [, force])                                   -> true
 *   sa.info(name) -> record; sa.list([where]) -> {record...}
 *   sa.msync(a [, flags]), sa.mlock(a), sa.munlock(a)           -> true
 *   sa.errname(errno), sa.strerror(errno)                       -> string
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
 * nbytes, size (of the segment in bytes), mode (the permission bits, an
 * integer: 384 for 0600), mode_octal (the same as the CLI prints it, a
 * string: "0600") and uid; then synchronisation and provenance (issues 15
 * and 16):
 *   has_sync            true when the segment has the trailer
 *   generation          its generation (nil without a trailer)
 *   creator_pid         the pid that created it (nil without a trailer)
 *   creator_alive       whether that very process still runs (its start
 *                       time is checked, so a reused pid is not it), or nil
 *   created             when, as ISO 8601 UTC with microseconds:
 *                       "2026-05-01T12:34:56.123456Z" (nil without)
 *   created_ns          the same, ns since 1970 (an integer; nil without)
 *   holders             the pids that map it now, ascending ({} if none),
 *                       for every segment, trailer or not: one scan of
 *                       /proc per call (per sa.info, or per sa.list)
 *   holders_incomplete  true when some process's maps could not be read
 *                       (another user's): holders may miss some
 *   stale               true when the creator is gone and nobody holds it
 *                       (nil without a trailer); stale is not garbage
 *
 * Synchronisation (sa_lua_sync.c): sa.lock(a [, timeout]), sa.unlock(a),
 * sa.notify(a), sa.wait(a, since [, timeout]), sa.generation(a), also
 * methods; timeouts are in seconds.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, gmtime_r */
#include "sa_lua.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The Lua string at idx into buf, each NUL byte shown as \0, for
 * messages; allocates nothing. */
static const char *sa_lua_shown(lua_State *L, int idx, char *buf,
                                size_t cap) {
  size_t len = 0, k, n = 0;
  const char *s = lua_tolstring(L, idx, &len);
  for (k = 0; s != NULL && k < len && n + 3 < cap; k++) {
    if (s[k] == '\0') buf[n++] = '\\', buf[n++] = '0';
    else buf[n++] = s[k];
  }
  buf[n] = '\0';
  return buf;
}

/* What a failure message starts with: argument 1, the array's name (a
 * string, or an array for msync). Copied before anything is allocated. */
static const char *sa_lua_who(lua_State *L, char *buf, size_t cap) {
  const sa_lua_array *u = (const sa_lua_array *)lua_touserdata(L, 1);
  if (u != NULL && u->magic == SA_LUA_MAGIC && u->arr != NULL) {
    snprintf(buf, cap, "%s", sa_name(u->arr));
    return buf;
  }
  return sa_lua_shown(L, 1, buf, cap);
}

/* A failure this layer finds in argument arg (0: no argument number):
 * nil, "<argument 1>: <text> (argument #arg)", code (a negative errno such
 * as -EINVAL, or an SA_E* code). Returns 3. */
static int sa_lua_argfail(lua_State *L, int code, int arg, const char *fmt,
                          ...) {
  char who[SA_NAME_MAX], text[SA_NAME_MAX + 256];
  va_list ap;
  sa_lua_who(L, who, sizeof who);
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  lua_pushnil(L);
  if (arg > 0)
    lua_pushfstring(L, "%s: %s (argument #%d)", who, text, arg);
  else
    lua_pushfstring(L, "%s: %s", who, text);
  lua_pushinteger(L, sa_lua_errno(code));
  return 3;
}

/* Too many arguments. msync, mlock and munlock are also methods, whose
 * array (argument 1) is the self: the count is of what follows it, as a
 * method's is. */
int sa_lua_too_many(lua_State *L, int max) {
  int n = max - (luaL_testudata(L, 1, SA_LUA_ARRAY) != NULL);
  if (n <= 0) return luaL_argerror(L, max + 1, "no arguments expected");
  return luaL_argerror(L, max + 1, lua_pushfstring(L, "at most %d argument%s "
                       "expected", n, n == 1 ? "" : "s"));
}

/* ----------------------------------------------------- string arguments */

/* A C string would end at a NUL byte ("a\0b" would name "a"): refuse it. */
int sa_lua_name_arg(lua_State *L, int idx, const char *what,
                    const char **out) {
  size_t len = 0;
  *out = NULL;
  if (what == NULL && lua_isnoneornil(L, idx)) return 0; /* list() */
  *out = luaL_checklstring(L, idx, &len);
  if (strlen(*out) != len)
    return sa_lua_argfail(L, SA_ENAMEBAD, idx, "invalid %s: it contains a "
                          "NUL byte", what ? what : "listing place");
  return 0;
}

int sa_lua_dtype_arg(lua_State *L, int idx, const char **out) {
  size_t len = 0;
  char shown[256];
  *out = luaL_optlstring(L, idx, "f8", &len);
  if (strlen(*out) != len)
    return sa_lua_argfail(L, SA_EDTYPE, idx, "dtype: unsupported dtype: '%s' "
                          "contains a NUL byte",
                          sa_lua_shown(L, idx, shown, sizeof shown));
  return 0;
}

/* A number (1-d) or a table of up to SA_MAXDIMS integers; a longer table
 * gives its length, which the core refuses (SA_ENDIM). */
int sa_lua_shape_arg(lua_State *L, int idx, int64_t dims[SA_MAXDIMS]) {
  lua_Integer n, k;
  if (lua_type(L, idx) == LUA_TNUMBER) {
    dims[0] = (int64_t)luaL_checkinteger(L, idx);
    return 1;
  }
  luaL_checktype(L, idx, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, idx);
  for (k = 0; k < n && k < SA_MAXDIMS; k++) {
    int isint = 0;
    lua_rawgeti(L, idx, k + 1);
    if (lua_type(L, -1) == LUA_TNUMBER)
      dims[k] = (int64_t)lua_tointegerx(L, -1, &isint);
    if (!isint) /* 2.5 shows as 2.5, "2" as a string */
      luaL_argerror(L, idx, lua_pushfstring(L, "shape[%I] must be an "
                    "integer, got %s", (LUA_INTEGER)(k + 1),
                    lua_type(L, -1) == LUA_TNUMBER
                        ? luaL_tolstring(L, -1, NULL)
                        : luaL_typename(L, -1)));
    lua_pop(L, 1);
  }
  return n > INT_MAX ? INT_MAX : (int)n;
}

/* ------------------------------------------------------ option tables */

/* Raise for a key of the table at idx that is not one of known. */
static void sa_lua_check_keys(lua_State *L, int idx,
                              const char *const known[], const char *list) {
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2)
                                                      : NULL;
    int k;
    for (k = 0; key != NULL && known[k] != NULL; k++)
      if (strcmp(key, known[k]) == 0) break;
    if (key == NULL || known[k] == NULL)
      luaL_argerror(L, idx, lua_pushfstring(L, "unknown option %s%s%s (the "
                    "options are %s)", key ? "'" : "",
                    key ? key : luaL_typename(L, -2), key ? "'" : "", list));
    lua_pop(L, 1);
  }
}

/* A boolean option of the table at idx: nil is false. */
static int sa_lua_bool_opt(lua_State *L, int idx, const char *key) {
  int t = lua_getfield(L, idx, key), v;
  if (t != LUA_TNIL && t != LUA_TBOOLEAN)
    luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' must be true or "
                  "false, got %s", key, luaL_typename(L, -1)));
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* create's options: order at idx is the table, if there is one. */
static int sa_lua_create_table(lua_State *L, int idx) {
  static const char *const known[] = {"order", "mode", "lazy", "populate",
                                      NULL};
  if (lua_type(L, idx) != LUA_TTABLE) return 0;
  sa_lua_check_keys(L, idx, known, "order, mode, lazy and populate");
  if (!lua_isnoneornil(L, idx + 1) || !lua_isnoneornil(L, idx + 2))
    luaL_argerror(L, lua_isnoneornil(L, idx + 1) ? idx + 2 : idx + 1,
                  "nothing expected after the options table");
  return 1;
}

/* The order at vidx (for argument arg): nil ('C'), or one letter, which
 * the core checks. */
static int sa_lua_order_val(lua_State *L, int vidx, int arg, char *order) {
  size_t len = 0;
  const char *s;
  char shown[64];
  *order = 'C';
  if (lua_isnoneornil(L, vidx)) return 0;
  if (!lua_isstring(L, vidx))
    return luaL_argerror(L, arg, lua_pushfstring(L, "order must be a string, "
                         "got %s", luaL_typename(L, vidx)));
  s = lua_tolstring(L, vidx, &len);
  if (len != 1 || s[0] == '\0')
    return sa_lua_argfail(L, SA_EORDER, arg, "invalid order '%s' (use 'C' "
                          "or 'F', or lowercase 'c' or 'f')",
                          sa_lua_shown(L, vidx, shown, sizeof shown));
  *order = s[0];
  return 0;
}

/* The permission bits at vidx (for argument arg): absent (0: the default,
 * 0600), an integer from 0 to 0777 (420 or 0x1a4 for 0644), or octal
 * digits as chmod takes them ("0644", "644", "0o644": sa_mode_parse). Not
 * an integer or a string: a Lua error. Bits above 0777 (setuid, setgid,
 * sticky) are refused: a shared array is data. */
static int sa_lua_mode_val(lua_State *L, int vidx, int arg, unsigned *mode) {
  char shown[64];
  lua_Integer m = 0;
  int isint = 0;
  *mode = 0;
  if (lua_isnoneornil(L, vidx)) return 0;
  if (lua_type(L, vidx) == LUA_TSTRING) {
    size_t len = 0;
    const char *text = lua_tolstring(L, vidx, &len);
    if (strlen(text) != len)
      return sa_lua_argfail(L, SA_EARG, arg, "mode '%s': expected 1 to 4 "
                            "octal digits, as chmod takes them, e.g. 0640",
                            sa_lua_shown(L, vidx, shown, sizeof shown));
    if (sa_mode_parse(text, mode) < 0)
      return sa_lua_argfail(L, SA_EARG, arg, "%s", sa_errmsg_safe());
    return 0;
  }
  if (lua_type(L, vidx) == LUA_TNUMBER) m = lua_tointegerx(L, vidx, &isint);
  if (!isint) /* 420.0 is 420; 420.5 raises */
    return luaL_argerror(L, arg, lua_pushfstring(L, "mode must be an integer "
                         "or octal digits in a string (\"0640\"), got %s",
                         lua_type(L, vidx) == LUA_TNUMBER
                             ? luaL_tolstring(L, vidx, NULL)
                             : luaL_typename(L, vidx)));
  if (m < 0 || m > 0777) {
    if (m < 0) snprintf(shown, sizeof shown, "%lld", (long long)m);
    else snprintf(shown, sizeof shown, "0%llo", (unsigned long long)m);
    return sa_lua_argfail(L, SA_EARG, arg, "mode %s: only permission bits (0 "
                          "to 0777, e.g. 384 or \"0600\") are allowed, not "
                          "setuid, setgid or sticky", shown);
  }
  *mode = (unsigned)m;
  return 0;
}

int sa_lua_order_arg(lua_State *L, int idx, char *order) {
  int rc;
  if (!sa_lua_create_table(L, idx)) return sa_lua_order_val(L, idx, idx, order);
  lua_getfield(L, idx, "order");
  rc = sa_lua_order_val(L, lua_gettop(L), idx, order);
  if (rc == 0) lua_pop(L, 1);
  return rc;
}

int sa_lua_mode_arg(lua_State *L, int idx, unsigned *mode) {
  int rc;
  if (lua_type(L, idx - 1) != LUA_TTABLE) /* order's place: the options */
    return sa_lua_mode_val(L, idx, idx, mode);
  lua_getfield(L, idx - 1, "mode");
  rc = sa_lua_mode_val(L, lua_gettop(L), idx - 1, mode);
  if (rc == 0) lua_pop(L, 1);
  return rc;
}

/* Positional flags: only sa.CREATE_LAZY and sa.CREATE_POPULATE (the
 * core's SA_CREATE_ANY_DTYPE would make arrays Lua cannot convert). */
int sa_lua_create_flags_arg(lua_State *L, int idx, unsigned *flags) {
  lua_Integer f;
  if (lua_type(L, idx - 2) == LUA_TTABLE) { /* order's place: the options */
    *flags = (sa_lua_bool_opt(L, idx - 2, "lazy") ? SA_CREATE_LAZY : 0) |
             (sa_lua_bool_opt(L, idx - 2, "populate") ? SA_CREATE_POPULATE
                                                      : 0);
    return 0;
  }
  f = luaL_optinteger(L, idx, 0);
  *flags = (unsigned)f;
  if ((f & ~(lua_Integer)(SA_CREATE_LAZY | SA_CREATE_POPULATE)) != 0)
    return sa_lua_argfail(L, SA_EARG, idx, "invalid create flags %lld (only "
                          "sa.CREATE_LAZY and sa.CREATE_POPULATE)",
                          (long long)f);
  return 0;
}

/* The owner option of attach's table at idx: nil or false (no check),
 * true (the caller's effective uid: SA_ATTACH_OWNED), a uid, or a user
 * name (sa_owner_parse: a string of digits is a uid). */
static int sa_lua_owner_opt(lua_State *L, int idx, unsigned *flags,
                            unsigned *owner) {
  int t = lua_getfield(L, idx, "owner");
  int top = lua_gettop(L);
  char shown[256];
  int rc;
  if (t == LUA_TNIL || t == LUA_TBOOLEAN) {
    if (lua_toboolean(L, top)) *flags |= SA_ATTACH_OWNED;
  } else if (t == LUA_TNUMBER) {
    int isint = 0;
    lua_Integer v = lua_tointegerx(L, top, &isint);
    /* SA_OWNER_ANY, (uid_t)-1, is nobody's uid: it would mean no check */
    if (!isint || v < 0 || (lua_Unsigned)v >= SA_OWNER_ANY)
      luaL_argerror(L, idx, lua_pushfstring(L, "option 'owner' must be a "
                    "uid from 0 to %I, got %s", (LUA_INTEGER)SA_OWNER_ANY - 1,
                    luaL_tolstring(L, top, NULL)));
    *owner = (unsigned)v;
  } else if (t == LUA_TSTRING) {
    size_t len = 0;
    const char *who = lua_tolstring(L, top, &len);
    if (strlen(who) != len) /* a NUL inside: no user has that name */
      return sa_lua_argfail(L, SA_EARG, 0, "owner '%s': no such user",
                            sa_lua_shown(L, top, shown, sizeof shown));
    if ((rc = sa_owner_parse(who, owner)) < 0)
      return sa_lua_argfail(L, rc, 0, "%s", sa_errmsg_safe());
  } else {
    luaL_argerror(L, idx, lua_pushfstring(L, "option 'owner' must be true, "
                  "false, a uid or a user name, got %s",
                  luaL_typename(L, top)));
  }
  lua_pop(L, 1);
  return 0;
}

/* sa.attach(name [, ro]) or sa.attach(name, {ro=, populate=, owner=})
 *   ro        map read-only: writes raise
 *   populate  prefault every page now (MAP_POPULATE)
 *   owner     refuse (nil, message, sa.EOWNER) a segment that is not owned
 *             by: true, the caller's effective uid; a uid; or a user name.
 *             Off by default, so that users can share arrays; a privileged
 *             script should set it (docs/format.md section 11).
 * Unknown option names raise: a mistyped "onwer" must not silently turn
 * the owner check off. */
int sa_lua_attach_arg(lua_State *L, int idx, unsigned *flags,
                      unsigned *owner) {
  static const char *const known[] = {"ro", "populate", "owner", NULL};
  *flags = 0;
  *owner = SA_OWNER_ANY;
  switch (lua_type(L, idx)) {
    case LUA_TNONE:
    case LUA_TNIL:
      return 0;
    case LUA_TBOOLEAN: /* the short form: sa.attach(name, true) */
      if (lua_toboolean(L, idx)) *flags |= SA_ATTACH_RDONLY;
      return 0;
    case LUA_TTABLE:
      sa_lua_check_keys(L, idx, known, "ro, populate and owner");
      if (sa_lua_bool_opt(L, idx, "ro")) *flags |= SA_ATTACH_RDONLY;
      if (sa_lua_bool_opt(L, idx, "populate")) *flags |= SA_ATTACH_POPULATE;
      return sa_lua_owner_opt(L, idx, flags, owner);
    default:
      return luaL_typeerror(L, idx, "boolean (read-only) or table of options");
  }
}

/* msync's flags, sa.MS_SYNC by default. The core names bad bits; only a
 * value that an int cannot hold is refused here (a cast could turn it into
 * a valid one: 2^40 into 0). */
int sa_lua_msync_flags_arg(lua_State *L, int idx, int *flags) {
  lua_Integer f = luaL_optinteger(L, idx, SA_MS_SYNC);
  *flags = (int)f;
  if (f < INT_MIN || f > INT_MAX)
    return sa_lua_argfail(L, -EINVAL, 0, "msync: invalid flags %lld (use "
                          "sa.MS_SYNC or sa.MS_ASYNC, optionally + "
                          "sa.MS_INVALIDATE)", (long long)f);
  return 0;
}

/* A timeout in seconds: nil or math.huge for ever (-1), 0 to try once, or
 * a number of seconds (fractions allowed), rounded up to whole ms and
 * capped at INT_MAX ms (24.8 days). Negative or NaN: a failure (EINVAL). */
int sa_lua_timeout_arg(lua_State *L, int idx, int *ms) {
  lua_Number t, m;
  *ms = -1;
  if (lua_isnoneornil(L, idx)) return 0;
  t = luaL_checknumber(L, idx);
  if (!(t >= 0)) /* also NaN */
    return sa_lua_argfail(L, -EINVAL, 0, "timeout must be nil (for ever) "
                          "or >= 0 seconds, got %g", (double)t);
  if (t == (lua_Number)HUGE_VAL) return 0;
  m = t * 1000;
  if (m >= (lua_Number)INT_MAX) {
    *ms = INT_MAX;
  } else {
    *ms = (int)m;
    if ((lua_Number)*ms < m) (*ms)++; /* round up: 0.0001 s is not "try" */
  }
  return 0;
}

/* A generation to wait past: an integer >= 0 (a float with an integer
 * value too). Anything else raises, as a wrong type does: a negative one
 * would read as a generation near 2^64 and return at once, and Python,
 * Octave and the CLI refuse it. */
uint64_t sa_lua_since_arg(lua_State *L, int idx) {
  lua_Integer g = luaL_checkinteger(L, idx); /* 1.5: raises */
  if (g < 0)
    luaL_argerror(L, idx, lua_pushfstring(L, "since must be a generation "
                  ">= 0, got %I", (LUAI_UACINT)g));
  return (uint64_t)g;
}

/* Accept the Lua errno convention (positive errno, negative own code). */
int sa_lua_code_arg(lua_State *L, int idx) {
  lua_Integer e = luaL_checkinteger(L, idx);
  if (e > 0 && e < 1000) return (int)-e;
  if (e < 0 && e > -100000) return (int)e;
  return 0;
}

/* ------------------------------------------------------------- records */

/* created_ns as ISO 8601 UTC with microseconds, "...T12:34:56.123456Z". */
static void sa_lua_iso8601(uint64_t ns, char *buf, size_t cap) {
  time_t secs = (time_t)(ns / 1000000000u);
  struct tm tm;
  char date[40];
  if (gmtime_r(&secs, &tm) == NULL ||
      strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    snprintf(date, sizeof date, "@%llu", (unsigned long long)secs);
  snprintf(buf, cap, "%s.%06uZ", date,
           (unsigned)(ns % 1000000000u / 1000u));
}

static void sa_lua_set_bool(lua_State *L, const char *key, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, key);
}

static void sa_lua_set_integer(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

/* The holders of in's segment, from h (NULL: the scan failed), as a
 * sequence on top of the stack. */
static void sa_lua_push_holders(lua_State *L, const sa_info *in,
                                const sa_holders *h) {
  int small[64], *pids = small, n = 0, k;
  if (h != NULL) n = sa_holders_of(h, in->dev, in->ino, small, 64);
  if (n < 0) n = 0;
  if (n > 64) { /* rare: a scratch userdata, collected however this ends */
    pids = (int *)lua_newuserdatauv(L, (size_t)n * sizeof *pids, 0);
    n = sa_holders_of(h, in->dev, in->ino, pids, n);
  }
  lua_createtable(L, n, 0);
  for (k = 0; k < n; k++) {
    lua_pushinteger(L, pids[k]);
    lua_rawseti(L, -2, k + 1);
  }
  if (pids != small) lua_remove(L, -2);
}

void sa_lua_push_record(lua_State *L, const sa_info *in,
                        const sa_holders *h) {
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
  /* synchronisation and provenance: nil (absent) without a trailer */
  sa_lua_set_bool(L, "has_sync", in->has_sync != 0);
  if (in->has_sync)
    sa_lua_set_integer(L, "generation", (lua_Integer)in->generation);
  if (in->has_sync && in->creator_pid != 0) {
    char iso[64];
    int alive = sa_creator_alive(in);
    sa_lua_set_integer(L, "creator_pid", (lua_Integer)in->creator_pid);
    if (alive >= 0) sa_lua_set_bool(L, "creator_alive", alive);
    sa_lua_iso8601(in->created_ns, iso, sizeof iso);
    lua_pushstring(L, iso);
    lua_setfield(L, -2, "created");
    sa_lua_set_integer(L, "created_ns", (lua_Integer)in->created_ns);
    if (h != NULL) {
      int stale = sa_info_stale(in, h);
      if (stale >= 0) sa_lua_set_bool(L, "stale", stale);
    }
  }
  sa_lua_push_holders(L, in, h);
  lua_setfield(L, -2, "holders");
  sa_lua_set_bool(L, "holders_incomplete",
                  h == NULL || sa_holders_incomplete(h));
}

/* One scan of /proc for the holders, in a userdata whose __gc frees it: a
 * Lua memory error while records are built then cannot leak it. A scan
 * that fails leaves NULL (holders {} and holders_incomplete true: never an
 * error). */
#define SA_LUA_HOLDERS_GUARD "sharedarray.holdersguard"

static int sa_lua_holders_guard_gc(lua_State *L) {
  sa_holders **g = (sa_holders **)luaL_checkudata(L, 1, SA_LUA_HOLDERS_GUARD);
  sa_holders *h = *g;
  *g = NULL;
  sa_holders_free(h);
  return 0;
}

static sa_holders **sa_lua_holders_scan(lua_State *L) {
  sa_holders **g = (sa_holders **)lua_newuserdatauv(L, sizeof(*g), 0);
  *g = NULL;
  if (luaL_newmetatable(L, SA_LUA_HOLDERS_GUARD)) {
    lua_pushcfunction(L, sa_lua_holders_guard_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  if (sa_holders_scan(g) < 0) *g = NULL;
  return g;
}

/* Free the scan now and drop its guard, at gidx (below the result). */
static void sa_lua_holders_done(lua_State *L, sa_holders **g, int gidx) {
  sa_holders *h = *g;
  *g = NULL;
  sa_holders_free(h);
  lua_remove(L, gidx);
}

void sa_lua_push_info(lua_State *L, const sa_info *in) {
  sa_holders **g = sa_lua_holders_scan(L);
  sa_lua_push_record(L, in, *g);
  sa_lua_holders_done(L, g, -2);
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

sa_list **sa_lua_list_guard(lua_State *L) {
  sa_list **guard = (sa_list **)lua_newuserdatauv(L, sizeof(*guard), 0);
  *guard = NULL;
  if (luaL_newmetatable(L, SA_LUA_LIST_GUARD)) {
    lua_pushcfunction(L, sa_lua_list_guard_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return guard;
}

int sa_lua_push_list(lua_State *L, sa_list **guard) {
  sa_info in;
  lua_Integer n = 0;
  int rc;
  sa_holders **hg = sa_lua_holders_scan(L); /* once for every record */
  lua_newtable(L);
  while ((rc = sa_list_next(*guard, &in)) > 0) {
    sa_lua_push_record(L, &in, *hg); /* only a memory error can raise */
    lua_rawseti(L, -2, ++n);
  }
  sa_list_close(*guard);
  *guard = NULL;
  sa_lua_holders_done(L, hg, -2);
  return rc < 0 ? sa_lua_fail(L, rc) : 1;
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
  /* lock and wait */
  sa_lua_set_int(L, "ETIMEDOUT", ETIMEDOUT);
  sa_lua_set_int(L, "EINTR", EINTR);
  sa_lua_set_int(L, "EDEADLK", EDEADLK);
}
