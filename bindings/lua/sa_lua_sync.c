/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_lua_sync.c -- lock, wait and snapshot for the Lua module (issue 15),
 * interruptible.
 *
 *   a:lock([timeout])          true; true, "owner died"; nil, "timed out",
 *                              sa.ETIMEDOUT; or nil, message, errno
 *   a:unlock()                 true, or nil, message, sa.EPERM (not held)
 *   a:notify()                 true: the generation + 1, every waiter woken
 *   a:wait(since [, timeout])  the new generation (an integer), as soon as
 *                              it differs from since; nil, "timed out",
 *                              sa.ETIMEDOUT (since: an integer >= 0, else
 *                              an error is raised)
 *   a:generation()             the generation
 *   a:snapshot([timeout])      a table copy of the data (as a:totable()),
 *                              taken under the lock; a second result
 *                              "owner died" as for lock
 * A timeout is in seconds (nil: for ever; 0: only try). A segment without
 * the synchronisation trailer (an np.save file, a SharedArray 3.x segment)
 * gives nil, "NAME: segment has no synchronisation trailer ...",
 * sa.ENOSYNC.
 *
 * Ctrl-C. The lua5.4 interpreter's SIGINT handler only sets a hook (on the
 * main thread), which raises "interrupted!" at the next Lua instruction.
 * A C function that sleeps must notice it: the kernel restarts a PI-futex
 * lock after the handler (sa_lock never returns -EINTR), and a handler
 * that runs just before a wait sleeps is not seen by that wait. So these
 * calls use the core's sa_lock_interruptible / sa_wait_interruptible
 * (slices of 50 ms for a lock, 250 ms for a wait), whose check looks
 * whether a hook appeared; if one did they return -EINTR, the
 * wrapper returns nil, "interrupted", sa.EINTR, and the hook raises as the
 * call returns. A lock held across the interruption is not taken: the
 * call ends without it.
 */
#define _POSIX_C_SOURCE 200809L
#include "sa_lua.h"

#include <errno.h>
#include <string.h>

#define SA_LUA_LOCK_SLICE_MS 50
#define SA_LUA_WAIT_SLICE_MS 250

/* The hooks of the running thread and of the main thread (where lua.c's
 * handler sets its own) when the call began. */
typedef struct sa_lua_hooks {
  lua_State *main;
  lua_Hook hook, main_hook;
  int mask, main_mask;
} sa_lua_hooks;

static void sa_lua_hooks_get(lua_State *L, sa_lua_hooks *h) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD); /* no allocation */
  h->main = lua_tothread(L, -1);
  lua_pop(L, 1);
  h->hook = lua_gethook(L);
  h->mask = lua_gethookmask(L);
  h->main_hook = h->main != NULL ? lua_gethook(h->main) : NULL;
  h->main_mask = h->main != NULL ? lua_gethookmask(h->main) : 0;
}

/* 1 when a hook was set (or changed) since `was`: an interrupt. */
static int sa_lua_interrupted(lua_State *L, const sa_lua_hooks *was) {
  if (lua_gethook(L) != was->hook || lua_gethookmask(L) != was->mask)
    return 1;
  return was->main != NULL && (lua_gethook(was->main) != was->main_hook ||
                               lua_gethookmask(was->main) != was->main_mask);
}

/* The core's interrupt check: a hook appeared since the call began. */
typedef struct sa_lua_watch {
  lua_State *L;
  sa_lua_hooks was;
} sa_lua_watch;

static int sa_lua_check(void *ctx) {
  const sa_lua_watch *w = ctx;
  return sa_lua_interrupted(w->L, &w->was);
}

int sa_lua_lock(lua_State *L, sa_array *a, int timeout_ms) {
  sa_lua_watch w;
  w.L = L;
  sa_lua_hooks_get(L, &w.was);
  return sa_lock_interruptible(a, timeout_ms, SA_LUA_LOCK_SLICE_MS,
                               sa_lua_check, &w);
}

int sa_lua_wait(lua_State *L, sa_array *a, uint64_t since, int timeout_ms,
                uint64_t *now) {
  sa_lua_watch w;
  w.L = L;
  sa_lua_hooks_get(L, &w.was);
  return sa_wait_interruptible(a, since, timeout_ms, SA_LUA_WAIT_SLICE_MS,
                               sa_lua_check, &w, now);
}

/* sa_snapshot, with the lock taken as sa_lua_lock takes it. */
int sa_lua_snapshot(lua_State *L, sa_array *a, void *dst, uint64_t cap,
                    int timeout_ms) {
  int rc, rc2;
  if (cap < sa_nbytes(a))
    return sa_snapshot(a, dst, cap, 0); /* the core's error, naming it */
  if ((rc = sa_lua_lock(L, a, timeout_ms)) < 0)
    return rc;
  if (sa_nbytes(a) > 0)
    memcpy(dst, sa_data(a), (size_t)sa_nbytes(a));
  if ((rc2 = sa_unlock(a)) < 0)
    return rc2;
  return rc;
}

int sa_lua_sync_fail(lua_State *L, int rc) {
  if (rc == -ETIMEDOUT || rc == -EINTR) {
    lua_pushnil(L);
    if (rc == -ETIMEDOUT) lua_pushliteral(L, "timed out");
    else lua_pushliteral(L, "interrupted");
    lua_pushinteger(L, -rc);
    return 3;
  }
  return sa_lua_fail(L, rc);
}
