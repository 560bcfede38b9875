/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * lua_oom_host.c -- a minimal Lua 5.4 host for tests that need to make Lua
 * allocations fail on purpose (plain lua5.4 cannot). Usage:
 *     lua_oom_host script.lua [args...]
 * It runs the script like lua5.4 does (standard libraries, arg table) and
 * adds two globals:
 *   with_alloc_limit(n, f, ...)  calls f(...) in protected mode while every
 *                                Lua allocation after the first n fails;
 *                                returns pcall's results
 *   open_fds()                   how many file descriptors are open
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

static long sa_budget = -1; /* allocations left before failing; -1: no limit */

static void *sa_limited_alloc(void *ud, void *ptr, size_t osize,
                              size_t nsize) {
  (void)ud;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (sa_budget >= 0 && (ptr == NULL || nsize > osize)) {
    if (sa_budget == 0) return NULL;
    sa_budget--;
  }
  return realloc(ptr, nsize);
}

static int sa_with_alloc_limit(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  int nargs, rc;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  nargs = lua_gettop(L) - 2;
  lua_checkstack(L, 4);
  sa_budget = n < 0 ? 0 : (long)n;
  rc = lua_pcall(L, nargs, 1, 0);
  sa_budget = -1;
  lua_pushboolean(L, rc == LUA_OK);
  lua_insert(L, -2);
  return 2;
}

static int sa_open_fds(lua_State *L) {
  DIR *d = opendir("/proc/self/fd");
  lua_Integer n = 0;
  if (d == NULL) return luaL_error(L, "cannot list /proc/self/fd");
  while (readdir(d) != NULL) n++;
  closedir(d);
  lua_pushinteger(L, n - 3); /* ".", ".." and the DIR's own descriptor */
  return 1;
}

static int sa_msgh(lua_State *L) {
  luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

int main(int argc, char **argv) {
  lua_State *L;
  int k, rc;
  if (argc < 2) {
    fprintf(stderr, "usage: %s script.lua [args...]\n", argv[0]);
    return 2;
  }
  L = lua_newstate(sa_limited_alloc, NULL);
  if (L == NULL) return 2;
  luaL_openlibs(L);
  lua_register(L, "with_alloc_limit", sa_with_alloc_limit);
  lua_register(L, "open_fds", sa_open_fds);
  lua_createtable(L, argc, 0);
  for (k = 0; k < argc; k++) {
    lua_pushstring(L, argv[k]);
    lua_rawseti(L, -2, k - 1);
  }
  lua_setglobal(L, "arg");
  lua_pushcfunction(L, sa_msgh);
  rc = luaL_loadfile(L, argv[1]);
  if (rc == LUA_OK) rc = lua_pcall(L, 0, 0, -2);
  if (rc != LUA_OK) fprintf(stderr, "%s\n", lua_tostring(L, -1));
  lua_close(L);
  return rc == LUA_OK ? 0 : 1;
}
