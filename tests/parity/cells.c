/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cells.c -- the C column of the parity table (tests/parity/table.txt): each
 * row exercised for real through the public API, one answer line per row
 * (see parity.py). Uses only sharedarray.h, as a C user would. */
#include "sharedarray.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char name[64], name2[64], dir[64], file[128];

/* A failed check: say which, and leave the row. */
#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      snprintf(why, sizeof why, "line %d: %s (%s)", __LINE__, #cond,        \
               sa_errmsg());                                                \
      return 1;                                                             \
    }                                                                       \
  } while (0)

static char why[512];

/* Resident KiB of the mapping holding p (/proc/self/smaps "Rss"): what
 * the page tables map now, unlike mincore (page-cache residency), which an
 * up-front reservation fills anyway. -1 when not found. */
static long rss_kib(const void *p) {
  char line[512];
  unsigned long lo, hi;
  long rss = -1;
  int in = 0;
  FILE *f = fopen("/proc/self/smaps", "r");
  if (f == NULL) return -1;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') &&
        line[0] != ' ' && strncmp(line, "Rss:", 4) != 0)
      in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
    else if (in && sscanf(line, "Rss: %ld kB", &rss) == 1)
      break;
  }
  fclose(f);
  return rss;
}

static int row_create(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t shape[2] = {3, 4};
  CHECK(sa_create(name, 2, shape, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_ndim(a) == 2 && sa_shape(a)[1] == 4 && strcmp(sa_descr(a), "<f8") == 0);
  ((double *)sa_data(a))[5] = 42.5;
  CHECK(sa_attach(name, 0, &b) == 0);
  CHECK(((double *)sa_data(b))[5] == 42.5);
  CHECK(sa_create(name, 2, shape, "f8", 'C', 0, 0, &a) == -EEXIST);
  sa_release(b);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_create_order(void) {
  sa_array *a = NULL;
  const int64_t shape[2] = {2, 3};
  sa_info info;
  CHECK(sa_create(name, 2, shape, "i4", 'F', 0, 0, &a) == 0);
  CHECK(sa_order(a) == 'F');
  CHECK(sa_info_get(name, &info) == 0 && info.meta.order == 'F');
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_create_mode(void) {
  sa_array *a = NULL;
  const int64_t n = 4;
  sa_info info;
  CHECK(sa_create(name, 1, &n, "u1", 'C', 0644, 0, &a) == 0);
  CHECK(sa_info_get(name, &info) == 0 && info.mode == 0644);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_create_lazy(void) {
  sa_array *a = NULL;
  const int64_t n = 1 << 20;
  struct stat st;
  char path[128];
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, SA_CREATE_LAZY, &a) == 0);
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  /* nothing reserved: the 8 MiB segment holds (almost) no blocks yet */
  CHECK(stat(path, &st) == 0 && st.st_blocks * 512 < (1 << 20));
  ((double *)sa_data(a))[n - 1] = 1.0;
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_create_populate(void) {
  sa_array *a = NULL;
  const int64_t n = 1 << 18;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, SA_CREATE_POPULATE, &a) == 0);
  /* all 2 MiB mapped without having been touched */
  CHECK(rss_kib(sa_data(a)) >= 2048);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_create_file(void) {
  sa_array *a = NULL;
  const int64_t n = 5;
  char url[160];
  unsigned char magic[6];
  FILE *f;
  snprintf(url, sizeof url, "file://%s", file);
  CHECK(sa_create(url, 1, &n, "i2", 'C', 0, 0, &a) == 0);
  sa_release(a);
  CHECK((f = fopen(file, "rb")) != NULL);
  CHECK(fread(magic, 1, 6, f) == 6);
  fclose(f);
  CHECK(memcmp(magic, "\x93NUMPY", 6) == 0);
  CHECK(sa_delete(url, 0) == 0);
  CHECK(access(file, F_OK) != 0);
  return 0;
}

static int row_attach(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t n = 8;
  CHECK(sa_create(name, 1, &n, "i8", 'C', 0, 0, &a) == 0);
  CHECK(sa_attach(name, 0, &b) == 0);
  ((int64_t *)sa_data(b))[7] = -3;
  CHECK(((int64_t *)sa_data(a))[7] == -3);
  CHECK(sa_attach("sa-parity-no-such-array", 0, &b) == -ENOENT);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_attach_ro(void) {
  sa_array *a = NULL, *r = NULL;
  const int64_t n = 8;
  CHECK(sa_create(name, 1, &n, "i8", 'C', 0, 0, &a) == 0);
  CHECK(sa_attach(name, SA_ATTACH_RDONLY, &r) == 0);
  CHECK(sa_readonly(r));
  /* the mapping itself is PROT_READ: a write would fault; the kernel says */
  {
    char maps[4096];
    FILE *f = fopen("/proc/self/maps", "r");
    int found = 0;
    uintptr_t p = (uintptr_t)sa_data(r);
    CHECK(f != NULL);
    while (fgets(maps, sizeof maps, f)) {
      unsigned long lo, hi;
      char perm[5];
      if (sscanf(maps, "%lx-%lx %4s", &lo, &hi, perm) == 3 && p >= lo &&
          p < hi)
        found = perm[1] == '-';
    }
    fclose(f);
    CHECK(found);
  }
  sa_release(r);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_attach_populate(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t n = 1 << 18;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(rss_kib(sa_data(a)) < 2048); /* a plain create maps lazily */
  CHECK(sa_attach(name, SA_ATTACH_POPULATE, &b) == 0);
  CHECK(rss_kib(sa_data(b)) >= 2048);
  sa_release(b);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_attach_owner(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t n = 2;
  CHECK(sa_create(name, 1, &n, "f4", 'C', 0, 0, &a) == 0);
  CHECK(sa_attach_owner(name, 0, (unsigned)geteuid(), &b) == 0);
  sa_release(b);
  CHECK(sa_attach_owner(name, 0, (unsigned)geteuid() + 1, &b) == SA_EOWNER);
  CHECK(sa_attach(name, SA_ATTACH_OWNED, &b) == 0);
  sa_release(b);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_delete(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t n = 3;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_delete(name, 0) == 0);
  CHECK(sa_attach(name, 0, &b) == -ENOENT);
  ((double *)sa_data(a))[2] = 7.0; /* the mapping stays valid */
  CHECK(((double *)sa_data(a))[2] == 7.0);
  CHECK(sa_delete(name, 0) == -ENOENT);
  sa_release(a);
  return 0;
}

static int row_delete_force(void) {
  char path[128];
  int fd;
  snprintf(path, sizeof path, "/dev/shm/%s", name2);
  CHECK((fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600)) >= 0);
  CHECK(write(fd, "not an array", 12) == 12);
  close(fd);
  CHECK(sa_delete(name2, 0) == SA_EMAGIC); /* refused without force */
  CHECK(access(path, F_OK) == 0);
  CHECK(sa_delete(name2, SA_DELETE_FORCE) == 0);
  CHECK(access(path, F_OK) != 0);
  return 0;
}

static int row_info(void) {
  sa_array *a = NULL;
  const int64_t shape[3] = {2, 3, 4};
  sa_info info;
  CHECK(sa_create(name, 3, shape, "u2", 'C', 0640, 0, &a) == 0);
  CHECK(sa_info_get(name, &info) == 0);
  CHECK(strcmp(info.name, name) == 0 && info.meta.ndim == 3 &&
        info.meta.shape[2] == 4 && strcmp(info.meta.dtype.descr, "<u2") == 0 &&
        info.meta.order == 'C' && info.meta.nbytes == 48 &&
        info.size >= 48 && info.mode == 0640 && info.uid == (unsigned)geteuid());
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int list_finds(const char *where, const char *want) {
  sa_list *l = NULL;
  sa_info info;
  int rc, found = 0;
  if (sa_list_open(where, &l) < 0) return -1;
  while ((rc = sa_list_next(l, &info)) == 1)
    found += strcmp(info.name, want) == 0;
  sa_list_close(l);
  return rc < 0 ? -1 : found;
}

static int row_list(void) {
  sa_array *a = NULL;
  const int64_t n = 1;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(list_finds(NULL, name) == 1);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  CHECK(list_finds(NULL, name) == 0);
  return 0;
}

static int row_list_dir(void) {
  sa_array *a = NULL;
  const int64_t n = 1;
  char url[160], where[96];
  snprintf(url, sizeof url, "file://%s", file);
  snprintf(where, sizeof where, "file://%s", dir);
  CHECK(sa_create(url, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  sa_release(a);
  CHECK(list_finds(where, url) == 1);
  CHECK(sa_delete(url, 0) == 0);
  return 0;
}

static int row_msync(void) {
  sa_array *a = NULL;
  char url[160];
  const int64_t n = 16;
  snprintf(url, sizeof url, "file://%s", file);
  CHECK(sa_create(url, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  ((double *)sa_data(a))[0] = 1.5;
  CHECK(sa_msync(a, SA_MS_SYNC) == 0);
  CHECK(sa_msync(a, SA_MS_ASYNC | SA_MS_INVALIDATE) == 0);
  CHECK(sa_msync(a, SA_MS_ASYNC | SA_MS_SYNC) == -EINVAL);
  sa_release(a);
  CHECK(sa_delete(url, 0) == 0);
  return 0;
}

static int row_mlock(void) {
  sa_array *a = NULL;
  const int64_t n = 16;
  int rc;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  rc = sa_mlock(a);
  CHECK(rc == 0 || rc == -ENOMEM || rc == -EPERM); /* RLIMIT_MEMLOCK */
  CHECK(sa_munlock(a) == 0);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_error_name(void) {
  CHECK(strcmp(sa_err_name(-ENOENT), "ENOENT") == 0);
  CHECK(strcmp(sa_err_name(SA_EDTYPE), "SA_EDTYPE") == 0);
  CHECK(strstr(sa_strerror(SA_EDTYPE), "dtype") != NULL);
  CHECK(sa_is_own_error(SA_EDTYPE) && !sa_is_own_error(-ENOENT));
  return 0;
}

static int row_version(void) {
  CHECK(strcmp(sa_version(), SA_VERSION_STRING) == 0);
  return 0;
}

static int row_lock(void) {
  sa_array *a = NULL, *b = NULL;
  const int64_t n = 4;
  int st;
  pid_t pid;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_attach(name, 0, &b) == 0);
  CHECK(sa_lock(a, -1) == 0);
  /* held: another process cannot take it */
  pid = fork();
  if (pid == 0) _exit(sa_lock(b, 0) == -ETIMEDOUT ? 0 : 1);
  CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
        WEXITSTATUS(st) == 0);
  CHECK(sa_unlock(a) == 0);
  CHECK(sa_unlock(a) == -EPERM);
  sa_release(b);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_lock_owner_died(void) {
  sa_array *a = NULL;
  const int64_t n = 4;
  int st;
  pid_t pid;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  pid = fork();
  if (pid == 0) _exit(sa_lock(a, -1) == 0 ? 0 : 1); /* exits holding it */
  CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
        WEXITSTATUS(st) == 0);
  CHECK(sa_lock(a, 1000) == SA_LOCK_OWNER_DIED);
  CHECK(sa_unlock(a) == 0);
  CHECK(sa_lock(a, 0) == 0 && sa_unlock(a) == 0);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_notify(void) {
  sa_array *a = NULL;
  const int64_t n = 4;
  uint64_t g = 99;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_generation(a, &g) == 0 && g == 0);
  CHECK(sa_notify(a) == 0 && sa_notify(a) == 0);
  CHECK(sa_generation(a, &g) == 0 && g == 2);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_wait(void) {
  sa_array *a = NULL;
  const int64_t n = 4;
  uint64_t g = 0;
  int p[2], st;
  pid_t pid;
  char c;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_wait(a, 0, 0, &g) == -ETIMEDOUT);
  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) { /* a waiter in another process, woken by our notify */
    uint64_t now = 0;
    sa_array *b;
    if (sa_attach(name, SA_ATTACH_RDONLY, &b) != 0) _exit(2);
    if (write(p[1], "r", 1) != 1) _exit(3);
    if (sa_wait(b, 0, 60000, &now) != 0 || now != 1) _exit(4);
    _exit(((double *)sa_data(b))[3] == 8.5 ? 0 : 5);
  }
  CHECK(pid > 0 && read(p[0], &c, 1) == 1);
  ((double *)sa_data(a))[3] = 8.5;
  CHECK(sa_notify(a) == 0);
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK(sa_wait(a, 0, -1, &g) == 0 && g == 1); /* differs already */
  close(p[0]);
  close(p[1]);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_generation(void) {
  sa_array *a = NULL;
  const int64_t n = 1;
  uint64_t g = 7;
  sa_info info;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_notify(a) == 0);
  CHECK(sa_generation(a, &g) == 0 && g == 1);
  CHECK(sa_info_get(name, &info) == 0 && info.has_sync && info.generation == 1);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_snapshot(void) {
  sa_array *a = NULL;
  const int64_t n = 4;
  double copy[4] = {0};
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  ((double *)sa_data(a))[2] = 3.25;
  CHECK(sa_snapshot(a, copy, sizeof copy, -1) == 0);
  CHECK(copy[2] == 3.25);
  CHECK(sa_snapshot(a, copy, 8, -1) == SA_EARG); /* too small */
  CHECK(sa_lock(a, 0) == 0); /* held: a snapshot waits, here times out */
  CHECK(sa_snapshot(a, copy, sizeof copy, 0) == -EDEADLK ||
        sa_snapshot(a, copy, sizeof copy, 0) == -ETIMEDOUT);
  CHECK(sa_unlock(a) == 0);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_provenance(void) {
  sa_array *a = NULL;
  const int64_t n = 1;
  sa_info info;
  time_t now = time(NULL);
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_info_get(name, &info) == 0);
  CHECK(info.creator_pid == (unsigned)getpid());
  CHECK(info.created_ns / 1000000000u + 60 > (uint64_t)now &&
        info.created_ns / 1000000000u <= (uint64_t)now + 60);
  CHECK(sa_creator_alive(&info) == 1);
  sa_release(a);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

static int row_holders(void) {
  sa_array *a = NULL;
  const int64_t n = 1;
  sa_info info;
  sa_holders *h = NULL;
  int pids[4] = {0}, k;
  CHECK(sa_create(name, 1, &n, "f8", 'C', 0, 0, &a) == 0);
  CHECK(sa_info_get(name, &info) == 0);
  CHECK(sa_holders_scan(&h) == 0);
  k = sa_holders_of(h, info.dev, info.ino, pids, 4);
  sa_holders_free(h);
  CHECK(k == 1 && pids[0] == getpid());
  sa_release(a);
  CHECK(sa_holders_scan(&h) == 0);
  k = sa_holders_of(h, info.dev, info.ino, pids, 4);
  sa_holders_free(h);
  CHECK(k == 0);
  CHECK(sa_delete(name, 0) == 0);
  return 0;
}

struct row {
  const char *id, *spelling;
  int (*fn)(void);
};

static const struct row rows[] = {
  {"create", "sa_create(name, ndim, shape, dtype, order, mode, flags, &a)", row_create},
  {"create_order", "sa_create(..., 'F', ...)", row_create_order},
  {"create_mode", "sa_create(..., mode, ...)", row_create_mode},
  {"create_lazy", "SA_CREATE_LAZY", row_create_lazy},
  {"create_populate", "SA_CREATE_POPULATE", row_create_populate},
  {"create_file", "sa_create(\"file://PATH\", ...)", row_create_file},
  {"attach", "sa_attach(name, 0, &a)", row_attach},
  {"attach_ro", "SA_ATTACH_RDONLY", row_attach_ro},
  {"attach_populate", "SA_ATTACH_POPULATE", row_attach_populate},
  {"attach_owner", "sa_attach_owner(name, flags, uid, &a)", row_attach_owner},
  {"delete", "sa_delete(name, 0)", row_delete},
  {"delete_force", "sa_delete(name, SA_DELETE_FORCE)", row_delete_force},
  {"info", "sa_info_get(name, &info)", row_info},
  {"list", "sa_list_open(NULL, &l)", row_list},
  {"list_dir", "sa_list_open(\"file://DIR\", &l)", row_list_dir},
  {"msync", "sa_msync(a, SA_MS_SYNC)", row_msync},
  {"mlock", "sa_mlock(a), sa_munlock(a)", row_mlock},
  {"error_name", "sa_err_name(rc), sa_errmsg()", row_error_name},
  {"version", "sa_version()", row_version},
  {"lock", "sa_lock(a, timeout_ms), sa_unlock(a)", row_lock},
  {"lock_owner_died", "sa_lock() == SA_LOCK_OWNER_DIED", row_lock_owner_died},
  {"notify", "sa_notify(a)", row_notify},
  {"wait", "sa_wait(a, since, timeout_ms, &now)", row_wait},
  {"generation", "sa_generation(a, &gen)", row_generation},
  {"snapshot", "sa_snapshot(a, dst, cap, timeout_ms)", row_snapshot},
  {"provenance", "info.creator_pid, info.created_ns", row_provenance},
  {"holders", "sa_holders_scan(&h), sa_holders_of(h, dev, ino, ...)", row_holders},
};

int main(void) {
  size_t i;
  snprintf(name, sizeof name, "sa-parity-c-%ld", (long)getpid());
  snprintf(name2, sizeof name2, "sa-parity-c-%ld-x", (long)getpid());
  snprintf(dir, sizeof dir, "/tmp/sa-parity-c-%ld", (long)getpid());
  snprintf(file, sizeof file, "%s/a.npy", dir);
  if (mkdir(dir, 0700) < 0) {
    perror(dir);
    return 1;
  }
  for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    why[0] = '\0';
    if (rows[i].fn() == 0) {
      printf("ok %s %s\n", rows[i].id, rows[i].spelling);
    } else {
      printf("fail %s %s\n", rows[i].id, why);
      (void)sa_delete(name, SA_DELETE_FORCE);
      (void)sa_delete(name2, SA_DELETE_FORCE);
      (void)unlink(file);
    }
  }
  (void)rmdir(dir);
  return 0;
}
