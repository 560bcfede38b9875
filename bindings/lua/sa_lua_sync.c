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
 * calls sleep in slices (50 ms for a lock, 250 ms for a wait) and, after
 * each, look whether a hook appeared; if one did they return -EINTR, the
 * wrapper returns nil, "interrupted", sa.EINTR, and the hook raises as the
 * call returns. A lock held across the interruption is not taken: the
 * call ends without it.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, gmtime_r */
#include "sa_lua.h"

#include <errno.h>
#include <time.h>

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

static long long sa_lua_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One slice of an operation: the core's call with timeout slice_ms. */
typedef struct sa_lua_op {
  int kind; /* 'l' lock, 'w' wait, 's' snapshot */
  sa_array *a;
  uint64_t since, cap;
  uint64_t *now;
  void *dst;
} sa_lua_op;

static int sa_lua_op_run(const sa_lua_op *op, int slice_ms) {
  switch (op->kind) {
    case 'l': return sa_lock(op->a, slice_ms);
    case 'w': return sa_wait(op->a, op->since, slice_ms, op->now);
    default: return sa_snapshot(op->a, op->dst, op->cap, slice_ms);
  }
}

/* Run op in slices until it ends with anything but -ETIMEDOUT (or -EINTR,
 * from a wait), the timeout passes (-ETIMEDOUT), or an interrupt comes
 * (-EINTR). A timeout of 0 tries once. */
static int sa_lua_sliced(lua_State *L, const sa_lua_op *op, int timeout_ms,
                         int slice_ms) {
  sa_lua_hooks hooks;
  long long deadline = -1;
  int rc;
  if (timeout_ms == 0) return sa_lua_op_run(op, 0);
  sa_lua_hooks_get(L, &hooks);
  if (timeout_ms > 0) deadline = sa_lua_now_ms() + timeout_ms;
  for (;;) {
    int slice = slice_ms;
    if (deadline >= 0) {
      long long left = deadline - sa_lua_now_ms();
      if (left < slice) slice = left > 0 ? (int)left : 0;
    }
    rc = sa_lua_op_run(op, slice);
    if (rc != -ETIMEDOUT && rc != -EINTR) return rc;
    if (sa_lua_interrupted(L, &hooks)) return -EINTR;
    if (rc == -ETIMEDOUT && deadline >= 0 && sa_lua_now_ms() >= deadline)
      return -ETIMEDOUT;
    /* a slice ran out, or another signal's handler ran: go on */
  }
}

int sa_lua_lock(lua_State *L, sa_array *a, int timeout_ms) {
  sa_lua_op op = {'l', a, 0, 0, NULL, NULL};
  return sa_lua_sliced(L, &op, timeout_ms, SA_LUA_LOCK_SLICE_MS);
}

int sa_lua_wait(lua_State *L, sa_array *a, uint64_t since, int timeout_ms,
                uint64_t *now) {
  sa_lua_op op = {'w', a, since, 0, now, NULL};
  return sa_lua_sliced(L, &op, timeout_ms, SA_LUA_WAIT_SLICE_MS);
}

int sa_lua_snapshot(lua_State *L, sa_array *a, void *dst, uint64_t cap,
                    int timeout_ms) {
  sa_lua_op op = {'s', a, 0, cap, NULL, dst};
  return sa_lua_sliced(L, &op, timeout_ms, SA_LUA_LOCK_SLICE_MS);
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
