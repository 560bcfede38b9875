/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_hardening.c -- what a privileged process must not be tricked into:
 * special mode bits, a segment planted by another user, a delete steered
 * to another file, an undo that removes someone else's segment; and the
 * overflow rule that numpy and the format share. */
#include "task.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

extern void (*sa__create_hook)(int stage); /* internal, see segment.c */

TEST_IMPL(special_modes) {
  const char *name = test_name("modes2");
  int64_t s[1] = {4};
  static const unsigned bad[] = {04777, 02700, 01777, 010000, 0xffffffffu};
  static const char *const bad_text[] = {" 644", "+644", "-644", "644 ",
    "0x1ff", "", "4777", "1000", "8", "06444", "0o", "0o7777", "o644", "0b1"};
  sa_array *a;
  sa_info info;
  unsigned mode, k;
  for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    ASSERT_ERR(sa_create(name, 1, s, "f8", 'C', bad[k], 0, &a), SA_EARG);
    ASSERT_CONTAINS(sa_errmsg(), "setuid");
    ASSERT(a == NULL);
    ASSERT(access("/dev/shm/", F_OK) == 0);
    ASSERT_ERR(sa_info_get(name, &info), -ENOENT); /* nothing was made */
  }
  /* 0 means the default, 0600, whatever the umask */
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.mode, 0600);
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0777, 0, &a));
  ASSERT_EQ(sa_mode(a), 0777);
  ASSERT_EQ(sa_uid(a), geteuid());
  sa_release(a);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.mode, 0777);
  ASSERT_OK(sa_delete(name, 0));
  /* whatever the umask removes, the mode asked for is the mode made */
  {
    mode_t old = umask(0377);
    ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0640, 0, &a));
    umask(old);
    ASSERT_EQ(sa_mode(a), 0640);
    sa_release(a);
    ASSERT_OK(sa_info_get(name, &info));
    ASSERT_EQ(info.mode, 0640);
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
    ASSERT_EQ(sa_mode(a), 0640);
    sa_release(a);
    ASSERT_OK(sa_delete(name, 0));
  }
  /* the one parser of mode text, shared by the CLI and every binding */
  for (k = 0; k < sizeof bad_text / sizeof bad_text[0]; k++) {
    mode = 12345;
    ASSERT_ERR(sa_mode_parse(bad_text[k], &mode), SA_EARG);
    ASSERT_EQ(mode, 12345);
    ASSERT_CONTAINS(sa_errmsg(), "mode");
  }
  ASSERT_OK(sa_mode_parse("644", &mode));
  ASSERT_EQ(mode, 0644);
  ASSERT_OK(sa_mode_parse("0640", &mode));
  ASSERT_EQ(mode, 0640);
  ASSERT_OK(sa_mode_parse("0o600", &mode));
  ASSERT_EQ(mode, 0600);
  ASSERT_OK(sa_mode_parse("0777", &mode));
  ASSERT_EQ(mode, 0777);
  ASSERT_OK(sa_mode_parse("0", &mode));
  ASSERT_EQ(mode, 0);
  return 0;
}

/* Squatting: someone else creates the name first. The opt-in owner check
 * refuses it, on the descriptor that is then mapped. */
TEST_IMPL(owner_check) {
  const char *name = test_name("owner");
  char path[256];
  int64_t s[1] = {4};
  sa_array *a, *b;
  int fds = count_fds();
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0666, 0, &a));
  /* by default, the owner is not checked */
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
  sa_release(b);
  ASSERT_OK(sa_attach(name, SA_ATTACH_OWNED, &b));
  sa_release(b);
  ASSERT_OK(sa_attach_owner(name, SA_ATTACH_RDONLY, (unsigned)geteuid(), &b));
  sa_release(b);
  ASSERT_ERR(sa_attach_owner(name, 0, (unsigned)geteuid() + 1, &b), SA_EOWNER);
  ASSERT(b == NULL);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_CONTAINS(sa_errmsg(), "expected uid");
  ASSERT_ERR(sa_attach_owner(name, SA_ATTACH_OWNED, 0, &b), SA_EARG);
  /* SA_OWNER_ANY: no explicit owner, sa_attach itself */
  ASSERT_OK(sa_attach_owner(name, 0, SA_OWNER_ANY, &b));
  sa_release(b);
  b = NULL;
  {
    /* the one parser of owner text, shared by the CLI and the bindings */
    unsigned u = 7;
    ASSERT_OK(sa_owner_parse("1000", &u));
    ASSERT_EQ(u, 1000);
    ASSERT_OK(sa_owner_parse("root", &u));
    ASSERT_EQ(u, 0);
    ASSERT_ERR(sa_owner_parse("4294967295", &u), SA_EARG);
    ASSERT_CONTAINS(sa_errmsg(), "owner '4294967295': expected a user name");
    ASSERT_ERR(sa_owner_parse("12abc", &u), SA_EARG);
    ASSERT_ERR(sa_owner_parse("", &u), SA_EARG);
    ASSERT_CONTAINS(sa_errmsg(), "owner '': no such user");
    ASSERT_ERR(sa_owner_parse("no-such-user-sa-ctest", &u), SA_EARG);
    ASSERT_EQ(u, 0);
  }
  ASSERT_ERR(sa_attach(name, 0x100, &b), SA_EARG);
  if (geteuid() == 0) {
    /* a segment planted by uid 65534 */
    ASSERT_EQ(chown(path, 65534, 65534), 0);
    ASSERT_ERR(sa_attach(name, SA_ATTACH_OWNED, &b), SA_EOWNER);
    ASSERT_CONTAINS(sa_errmsg(), "owned by uid 65534, expected uid 0");
    ASSERT_ERR(sa_attach(name, SA_ATTACH_OWNED | SA_ATTACH_RDONLY, &b), SA_EOWNER);
    ASSERT_OK(sa_attach_owner(name, 0, 65534, &b));
    sa_release(b);
    ASSERT_OK(sa_attach(name, 0, &b)); /* off by default */
    sa_release(b);
  } else {
    printf("note: not root, so the planted-by-another-uid case is skipped\n");
  }
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_EQ(count_fds(), fds);
  return 0;
}

/* The swap: after delete checked dir/a.npy, dir becomes a symlink to a
 * directory holding a file that is not an array. The pinned directory
 * makes the delete remove the checked file, never the other one. */
static char swap_dir[256], swap_victim[256];
static int swap_done;
static void swap_at(int stage) {
  char old[300];
  if (stage != 3) return;
  snprintf(old, sizeof old, "%s.old", swap_dir);
  if (rename(swap_dir, old) == 0 && symlink(swap_victim, swap_dir) == 0)
    swap_done = 1;
}

TEST_IMPL(delete_pinned) {
  char root[128], name[400], victim_file[400], old_file[400], cmd[450];
  int64_t s[1] = {4};
  sa_array *a;
  snprintf(root, sizeof root, "/tmp/sa-ctest-pin-%d", (int)getpid());
  snprintf(swap_dir, sizeof swap_dir, "%s/dir", root);
  snprintf(swap_victim, sizeof swap_victim, "%s/victim", root);
  snprintf(name, sizeof name, "file://%s/a.npy", swap_dir);
  snprintf(victim_file, sizeof victim_file, "%s/a.npy", swap_victim);
  snprintf(old_file, sizeof old_file, "%s.old/a.npy", swap_dir);
  ASSERT_EQ(mkdir(root, 0700), 0);
  ASSERT_EQ(mkdir(swap_dir, 0700), 0);
  ASSERT_EQ(mkdir(swap_victim, 0700), 0);
  write_file(victim_file, "precious", 8);
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  sa__create_hook = swap_at;
  ASSERT_OK(sa_delete(name, 0));
  sa__create_hook = NULL;
  ASSERT_EQ(swap_done, 1);
  ASSERT_EQ(access(victim_file, F_OK), 0); /* the other file survives */
  ASSERT(access(old_file, F_OK) != 0);      /* the checked one is gone */
  /* a symlink as the last component is not followed */
  ASSERT_EQ(unlink(swap_dir), 0);
  ASSERT_EQ(mkdir(swap_dir, 0700), 0);
  snprintf(old_file, sizeof old_file, "%s/real.npy", swap_dir);
  snprintf(cmd, sizeof cmd, "file://%s", old_file);
  ASSERT_OK(sa_create(cmd, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  ASSERT_EQ(symlink(old_file, name + 7), 0);
  ASSERT_ERR(sa_delete(name, 0), -ELOOP);
  ASSERT_CONTAINS(sa_errmsg(), "symbolic link");
  ASSERT_EQ(access(old_file, F_OK), 0);
  ASSERT_OK(sa_delete(cmd, 0));
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE)); /* force removes the link itself */
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  ASSERT_EQ(system(cmd), 0);
  return 0;
}

/* sa_unlink removes a name only while it still names this segment. */
TEST_IMPL(unlink_guarded) {
  const char *name = test_name("unlink");
  char fname[128];
  int64_t s[1] = {4};
  sa_array *a, *b;
  sa_info info;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_OK(sa_create(name, 1, s, "i4", 'C', 0, 0, &b)); /* someone else's */
  ASSERT_ERR(sa_unlink(a), -ENOENT);
  ASSERT_CONTAINS(sa_errmsg(), "no longer refers");
  ASSERT_OK(sa_info_get(name, &info)); /* untouched */
  ASSERT_STR_EQ(info.meta.dtype.descr, "<i4");
  ASSERT_OK(sa_unlink(b));
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  ASSERT_ERR(sa_unlink(b), -ENOENT);
  sa_release(a);
  sa_release(b);
  /* file:// too, and an attached array knows its segment as well */
  snprintf(fname, sizeof fname, "file:///tmp/sa-ctest-unlink-%d.npy",
           (int)getpid());
  ASSERT_OK(sa_create(fname, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(fname, SA_ATTACH_RDONLY, &b));
  ASSERT_OK(sa_unlink(b));
  ASSERT(access(fname + 7, F_OK) != 0);
  sa_release(a);
  sa_release(b);
  return 0;
}

/* numpy's rule: itemsize times the non-zero dims fits int64. */
TEST_IMPL(overflow_rule) {
  const char *name = test_name("ovf");
  int64_t s[2] = {0, (int64_t)1 << 61}, ok[2] = {0, (int64_t)1 << 62};
  sa_array *a;
  sa_meta m;
  char hdr[4096];
  ASSERT_ERR(sa_create(name, 2, s, "f8", 'C', 0, 0, &a), SA_EOVERFLOW);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_meta_init(&m, 2, s, "f8", 'C'), SA_EOVERFLOW);
  ASSERT_ERR(sa_meta_init(&m, 2, ok, "f8", 'C'), SA_EOVERFLOW);
  ASSERT_OK(sa_meta_init(&m, 2, ok, "i1", 'C')); /* 2**62 bytes would fit */
  ASSERT_ERR(sa_meta_init(&m, 2, s, "f4", 'C'), SA_EOVERFLOW); /* 2**63 */
  ASSERT_OK(sa_meta_init(&m, 2, s, "i2", 'C'));  /* 2**62 */
  ASSERT_EQ(m.nbytes, 0);
  /* a header saying so is refused by every reader */
  static const char dict[] = "{'descr': '<f8', 'fortran_order': False, "
                              "'shape': (0, 2305843009213693952), }";
  memcpy(hdr, "\x93NUMPY\x01\x00\x76\x00", 10);
  memset(hdr + 10, ' ', 0x76);
  memcpy(hdr + 10, dict, sizeof dict - 1);
  hdr[10 + 0x76 - 1] = '\n';
  ASSERT_ERR(sa_header_parse(hdr, 10 + 0x76, 4096, &m), SA_EOVERFLOW);
  return 0;
}

/* sa_populate faults pages in; mincore sees them resident. */
TEST_IMPL(populate_range) {
  const char *name = test_name("populate");
  int64_t s[1] = {64 * 4096 / 8};
  sa_array *a;
  unsigned char vec[80];
  long page = sysconf(_SC_PAGESIZE);
  unsigned char *base;
  int k, resident = 0;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, SA_CREATE_LAZY, &a));
  base = (unsigned char *)sa_data(a);
  ASSERT_EQ(mincore(base, 64 * (size_t)page, vec), 0);
  for (k = 0; k < 64; k++) resident += vec[k] & 1;
  ASSERT_EQ(resident, 0);
  ASSERT_OK(sa_populate(a, 0, 32 * (uint64_t)page));
  ASSERT_EQ(mincore(base, 64 * (size_t)page, vec), 0);
  for (k = 0, resident = 0; k < 64; k++) resident += vec[k] & 1;
  ASSERT_EQ(resident, 32);
  ASSERT_OK(sa_populate(a, 0, UINT64_MAX)); /* clipped to the data */
  ASSERT_OK(sa_populate(a, UINT64_MAX, 1));
  ASSERT_EQ(mincore(base, 64 * (size_t)page, vec), 0);
  for (k = 0, resident = 0; k < 64; k++) resident += vec[k] & 1;
  ASSERT_EQ(resident, 64);
  ASSERT(((double *)sa_data(a))[64 * 512 - 1] == 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Dtypes that not every language can read: held by the core, mapped only
 * for bindings that ask (SA_*_ANY_DTYPE), refused with a clear error by
 * the others, element access refused. */
TEST_IMPL(other_dtypes) {
  const char *name = test_name("odt");
  static const char *const descrs[] = {"|S10", "<U3", "|V8", "<M8[ns]",
    ">m8[s]", "<f16", "<c32",
    "[('x', '<f8'), ('y', '>i4', (2,)), ('s', [('a', '|u1'), ('', '|V3')])]"};
  int64_t s[2] = {2, 3};
  sa_array *a, *b;
  sa_info info;
  sa_value v;
  size_t k;
  for (k = 0; k < sizeof descrs / sizeof descrs[0]; k++) {
    ASSERT_ERR(sa_create(name, 2, s, descrs[k], 'F', 0, 0, &a), SA_EDTYPE);
    ASSERT_CONTAINS(sa_errmsg(), "Python maps every dtype, but Lua, Octave");
    ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
    ASSERT_OK(sa_create(name, 2, s, descrs[k], 'F', 0, SA_CREATE_ANY_DTYPE,
                        &a));
    ASSERT_STR_EQ(sa_descr(a), descrs[k]);
    memset(sa_data(a), 0x5a, (size_t)sa_nbytes(a));
    ASSERT_ERR(sa_load(a, 0, &v), SA_EDTYPE);
    memset(&v, 0, sizeof v);
    v.kind = 'i';
    ASSERT_ERR(sa_store(a, 0, &v), SA_EDTYPE);
    ASSERT_ERR(sa_attach(name, 0, &b), SA_EDTYPE);
    ASSERT_CONTAINS(sa_errmsg(), name);
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY | SA_ATTACH_ANY_DTYPE, &b));
    ASSERT_STR_EQ(sa_descr(b), descrs[k]);
    ASSERT_EQ(sa_itemsize(b), sa_itemsize(a));
    ASSERT_EQ(sa_nbytes(b), 6 * (uint64_t)sa_itemsize(a));
    ASSERT_EQ(((unsigned char *)sa_data(b))[sa_nbytes(b) - 1], 0x5a);
    ASSERT_OK(sa_info_get(name, &info));
    ASSERT_STR_EQ(info.meta.dtype.descr, descrs[k]);
    ASSERT_EQ(info.meta.order, 'F');
    sa_release(a);
    sa_release(b);
    ASSERT_OK(sa_delete(name, 0));
  }
  /* object dtypes never, and non-ASCII field names not in a 1.0 header */
  ASSERT_ERR(sa_create(name, 2, s, "|O", 'C', 0, SA_CREATE_ANY_DTYPE, &a),
             SA_EDTYPE);
  ASSERT_ERR(sa_create(name, 2, s, "[('\xc3\xa9', '<f8')]", 'C', 0,
                       SA_CREATE_ANY_DTYPE, &a), SA_EDTYPE);
  ASSERT_CONTAINS(sa_errmsg(), "ASCII");
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  return 0;
}

/* Names hold any byte: sa_errmsg_safe escapes every control character, so
 * that no binding passes a hostile name's escapes to a terminal. */
TEST_IMPL(errmsg_escapes) {
  sa_array *a;
  const char *m;
  ASSERT_ERR(sa_attach("sa-esc-\x1b]0;PWN\x07-\xc2\x9b-\x9b-\x7f-\xc3\xa9-\n",
                       0, &a), -ENOENT);
  m = sa_errmsg_safe();
  ASSERT_CONTAINS(m, "sa-esc-\\x1b]0;PWN\\x07-\\u009b-\\x9b-\\x7f-\xc3\xa9-\\x0a");
  for (; *m; m++) {
    unsigned char c = (unsigned char)*m;
    ASSERT(c >= 0x20 && c != 0x7f);
    ASSERT(!(c == 0xc2 && (unsigned char)m[1] >= 0x80 &&
             (unsigned char)m[1] <= 0x9f));
  }
  ASSERT_CONTAINS(sa_errmsg(), "\x1b]0;PWN"); /* the raw one is unchanged */
  return 0;
}
