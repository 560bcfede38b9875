/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * internal.h -- declarations shared by the core's source files (sa__*). */
#ifndef SA_INTERNAL_H
#define SA_INTERNAL_H

#include "sharedarray.h"
#include "sharedarray_codec.h"
#include <limits.h>

#ifndef NAME_MAX
# define NAME_MAX 255
#endif

#define SA__HIDDEN __attribute__((visibility("hidden")))

/* --- errors.c ----------------------------------------------------------- */
/* Record the thread's last error as "<what>: <message>[: <detail>]" and
 * return code, so that callers can write `return sa__err(...)`. what may be
 * NULL; fmt may be NULL (then only sa_strerror(code) is used). */
SA__HIDDEN int sa__err(int code, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The length of the valid UTF-8 sequence at s (1 to 4: no overlong forms,
 * surrogates or code points past U+10FFFF), with its code point in *cp, or
 * 0 if s does not start one. For messages and for descr field names. */
SA__HIDDEN int sa__utf8(const unsigned char *s, unsigned *cp);

/* Prepend "what: " to the thread's last message; returns its code. */
SA__HIDDEN int sa__err_prefix(const char *what);
/* The code of the thread's last error. */
SA__HIDDEN int sa__last_code(void);

/* --- name.c ------------------------------------------------------------- */
typedef enum { SA__SHM = 1, SA__FILE = 2 } sa__kind;

typedef struct sa__name {
  sa__kind kind;
  /* shm: "/NAME" as shm_open wants it; file: the path as given */
  char path[SA_NAME_MAX];
  /* canonical display form: "NAME" for shm, "file://PATH" for files */
  char display[SA_NAME_MAX];
} sa__name;

/* Parse "NAME", "shm://NAME" or "file://PATH". On error, records a message
 * naming the input and returns an SA_ENAME* / SA_ESCHEME code. */
SA__HIDDEN int sa__name_parse(const char *name, sa__name *out);
/* Open the object a name refers to: shm_open (which adds O_NOFOLLOW) or
 * open, with O_CLOEXEC and O_NONBLOCK (so that a FIFO planted under the name
 * cannot block us). file:// paths follow symlinks, as the user's own paths
 * do. Returns an fd or -errno (no message recorded). */
SA__HIDDEN int sa__name_open(const sa__name *n, int flags, unsigned mode);
/* After an open with O_NONBLOCK failed: 1 (having slept 1 ms) when it was
 * EWOULDBLOCK, which a regular file gives only while another process holds
 * a file lease on it (sa_info_stale and sa_delete_stale hold one for
 * microseconds; the open has asked for it back), for at most 200 tries; 0
 * otherwise (errno kept). */
SA__HIDDEN int sa__lease_retry(int *tries);
SA__HIDDEN int sa__name_unlink(const sa__name *n);
struct stat;
/* Open the directory that holds the name's last component and point *base
 * at that component: later *at() calls on the returned fd work on that very
 * directory, even if a directory on the path is swapped for a symlink
 * meanwhile. For shm names the directory is /dev/shm. Returns an fd or
 * -errno. */
SA__HIDDEN int sa__name_dir(const sa__name *n, const char **base);
/* unlinkat(dfd, base), but only if base (not followed if a symlink) is still
 * the object want describes (same st_dev and st_ino); want may be NULL.
 * Returns 0, -ENOENT if the name now refers to something else, or -errno. */
SA__HIDDEN int sa__name_unlink_at(int dfd, const char *base,
                                  const struct stat *want);
/* sa__name_dir, then sa__name_unlink_at. */
SA__HIDDEN int sa__name_unlink_if(const sa__name *n, const struct stat *want);
/* stat() the object by path (needs no permission on the object itself). */
SA__HIDDEN int sa__name_stat(const sa__name *n, struct stat *st);

/* --- header.c ----------------------------------------------------------- */
/* A cursor over header text, for the parsers of header.c and descr.c. */
typedef struct {
  const char *p, *end, *start;
  int latin1; /* the text is latin-1 (.npy 1.0 and 2.0), not UTF-8 (3.0) */
} sa__cur;
/* Skip Python whitespace. */
SA__HIDDEN void sa__ws(sa__cur *c);
/* Record SA_EHEADER "what at byte N of the header"; returns the code. */
SA__HIDDEN int sa__bad(const sa__cur *c, const char *what);
/* A quoted string (' or "), no escapes: into out (cap bytes with the NUL). */
SA__HIDDEN int sa__str(sa__cur *c, char *out, size_t cap);

/* Bytes of the fixed preamble (magic, version, header length) for version. */
SA__HIDDEN size_t sa__preamble_len(int version);
/* "\x93NUMPY" and version 1.0: the first 8 bytes of every header we write. */
SA__HIDDEN extern const unsigned char sa__npy_preamble1[8];
/* Where the header dict ends (preamble + HEADER_LEN), from a preamble b of
 * a known version (b[6] is 1, 2 or 3; 12 bytes readable). */
SA__HIDDEN uint64_t sa__header_end(const unsigned char *b);

/* --- descr.c ------------------------------------------------------------ */
/* Parse the value of the header's 'descr' key at c: a quoted descr, or the
 * list literal of a structured dtype. Fills and normalises dt. */
SA__HIDDEN int sa__descr_parse(sa__cur *c, sa_dtype *dt);
/* Parse one plain descr text ("<f8", "|S10", "<M8[ns]", ...; no quotes). */
SA__HIDDEN int sa__descr_simple(const char *s, sa_dtype *dt);

/* --- segment.c ---------------------------------------------------------- */
#include <sys/types.h>

struct sa_array {
  unsigned char *map;
  size_t maplen;
  unsigned char *data;
  int readonly;
  dev_t dev;   /* the segment's identity, for sa_unlink */
  ino_t ino;
  unsigned mode; /* its permission bits and owner when it was opened */
  unsigned uid;
  /* The synchronisation trailer (sync.c), or NULL when the segment is too
   * short to hold one (whether it is valid is checked on every use): trail
   * in the mapping (read-only for a read-only attach), trail_rw a writable
   * view of it (trail itself, a separate mapping of its page(s) for a
   * read-only attach, or NULL when the segment may not be written). */
  unsigned char *trail;
  unsigned char *trail_rw;
  void *trail_map;      /* the separate mapping, to unmap; or NULL */
  size_t trail_maplen;
  int lock_held;        /* sa_lock through this handle took the lock and
                           no sa_unlock through it gave it back since:
                           sa_release gives it back (if this thread holds
                           it), so a freed handle never leaves it held */
  sa_meta meta;
  char name[]; /* display name */
};

/* Read (pread, no mmap) and validate the header of an open segment; with
 * ours_only, skip the check that the data fits (enough to delete). */
SA__HIDDEN int sa__read_meta(int fd, int ours_only, sa_meta *m,
                             struct stat *st);

/* Test hook: when set, sa_create calls it at each stage (1: after the
 * exclusive open, 2: after the header is written, before it is published),
 * and a file:// sa_delete at stage 3 (checked, not yet unlinked).
 * Only the tests set it, to pause or kill a creator mid-way. */
SA__HIDDEN extern void (*sa__create_hook)(int stage);

/* --- sync.c: the synchronisation trailer (docs/format.md section 10) ---- */
#define SA__TRAIL_LEN   128u
#define SA__TRAIL_ALIGN 64u
#define SA__TRAIL_BOM   0x01020304u
/* Where a trailer would start: the first 64-byte boundary at or after the
 * end of the data (data_offset + nbytes, which the caller has checked). */
SA__HIDDEN uint64_t sa__trail_offset(const sa_meta *m);
/* A new trailer (generation 0, lock free, the caller as its creator). */
SA__HIDDEN void sa__trail_init(unsigned char buf[SA__TRAIL_LEN]);
/* 1 when the 128 bytes at p are a trailer this library knows. */
SA__HIDDEN int sa__trail_valid(const unsigned char *p);
/* For sa__attach, before the descriptor is closed: set a->trail (and
 * trail_rw) when the segment of size bytes can hold a trailer; for a
 * read-only attach, map the trailer's page(s) writable on their own when
 * the segment may be written (never fails: without it, lock and notify
 * give -EACCES). */
SA__HIDDEN void sa__trail_attach(sa_array *a, int fd, uint64_t size);
/* For sa_release. */
SA__HIDDEN void sa__trail_release(sa_array *a);
/* sa_release's unlock of a lock the handle holds: through the kernel only,
 * which reports a trailer cut off by a shrunk file as EFAULT where a load
 * through the mapping would raise SIGBUS in a finalizer. */
SA__HIDDEN void sa__lock_give_back(sa_array *a);
/* For sa_info_get and sa_list_next: read (pread) a .npy segment's trailer
 * and fill out->has_sync and out->generation. */
SA__HIDDEN void sa__trail_info(int fd, uint64_t size, sa_info *out);

/* --- provenance.c ------------------------------------------------------ */
/* This process's start time (clock ticks after boot, /proc/self/stat field
 * 22), read once per process; 0 if unknown. */
SA__HIDDEN uint64_t sa__self_start(int pid);
/* Test hook of sa_delete_stale (the tests set it): the hidden name. */
SA__HIDDEN extern void (*sa__stale_hook)(const char *hidden);
/* CLOCK_REALTIME in nanoseconds since the Unix epoch. */
SA__HIDDEN uint64_t sa__now_ns(void);

/* --- element.c ---------------------------------------------------------- */
SA__HIDDEN double   sa__half_to_double(uint16_t h);
SA__HIDDEN uint16_t sa__double_to_half(double d);

/* --- header.c: sizes ---------------------------------------------------- */
/* nitems and nbytes from ndim, shape and dtype.itemsize, with numpy's
 * overflow rule (docs/format.md section 5): SA_ESHAPE or SA_EOVERFLOW. */
SA__HIDDEN int sa__meta_sizes(sa_meta *m);
/* *dst = *src without copying the unused part of the 2 KiB descr buffer
 * (which is left unspecified in dst past the text's NUL). */
SA__HIDDEN void sa__meta_copy(sa_meta *dst, const sa_meta *src);

/* --- legacy3x.c: segments made by SharedArray 3.x ----------------------- */
/* The 3.x trailer: a 16-byte magic, size_t size, int typenum, itemsize and
 * ndims, then npy_intp dims[NPY_MAXDIMS], packed (docs/format.md 13). */
#define SA__SA3_FIXED  36u                        /* bytes before dims[] */
#define SA__SA3_LEN(n) (SA__SA3_FIXED + 8u * (n)) /* n: NPY_MAXDIMS */
#define SA__SA3_MAXLEN SA__SA3_LEN(64)            /* 548, numpy 2.x */
#define SA__SA3_MINLEN SA__SA3_LEN(32)            /* 292, numpy 1.x */
/* sa_legacy3x_parse. With ours_only, a valid trailer whose type this
 * library does not read also gives 0 (meta->dtype is then unset): it shows
 * that the segment is a 3.x array, which is all that delete asks. */
SA__HIDDEN int sa__legacy3x_parse(const void *tail, size_t len,
                                  uint64_t segsize, int ours_only,
                                  sa_meta *out);
/* For sa__read_meta, once the .npy parse of the segment's first k bytes
 * (head) said SA_EMAGIC: fstat the open segment, pread its tail (never
 * through a mapping; head is reused when it is the whole segment) and
 * sa__legacy3x_parse it. Fills *st like sa__read_meta. */
SA__HIDDEN int sa__legacy3x_read(int fd, const unsigned char *head, size_t k,
                                 int ours_only, sa_meta *m, struct stat *st);

#endif /* SA_INTERNAL_H */
