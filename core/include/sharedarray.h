/* Copyright (c) 2026 The SharedArray developers. MIT License, see LICENSE.
 *
 * sharedarray.h -- the public C API of libsharedarray.
 *
 * A SharedArray is an n-dimensional numeric array stored in a named POSIX
 * shared-memory object ("shm://NAME", or plain "NAME") or in a file
 * ("file://PATH"). The bytes are laid out exactly as a NumPy .npy file (see
 * docs/format.md), so every language -- and numpy.load itself -- maps the
 * same memory with no copy.
 *
 * Conventions
 *   - Every function that can fail returns an int: 0 (or a positive count)
 *     on success, a negative code on failure. System errors are -errno; the
 *     library's own codes are the SA_E* values below (range -1001..-1099).
 *   - sa_strerror(code) and sa_err_name(code) describe a code.
 *     sa_errmsg() returns the last failure of the calling thread in full,
 *     naming the thing at fault, e.g. "frame: unsupported dtype: '|O8'".
 *     It is meaningful only right after a call failed: successful calls do
 *     not clear it.
 *   - No function ever touches memory past the end of a segment: headers are
 *     validated against the segment size before any pointer is handed out.
 */
#ifndef SHAREDARRAY_H
#define SHAREDARRAY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SA_STATIC) || !defined(__GNUC__)
# define SA_EXTERN
#else
# define SA_EXTERN __attribute__((visibility("default")))
#endif

#define SA_VERSION_MAJOR 1
#define SA_VERSION_MINOR 0
#define SA_VERSION_PATCH 0
#define SA_VERSION_STRING "1.0.0"

/* ---------------------------------------------------------------- limits */

#define SA_MAXDIMS      64     /* numpy 2's NPY_MAXDIMS; the format's limit */
#define SA_DATA_OFFSET  4096   /* where created segments put their data     */
#define SA_NAME_MAX     4104   /* longest name incl. scheme and NUL         */
#define SA_DESCR_MAX    2048   /* the longest descr text with its NUL: "<f8",
                                  or a structured dtype's field list        */

/* ---------------------------------------------------------------- errors */

/* XX(name, value, message). One table generates the enum, sa_strerror and
 * sa_err_name, so that a code and its message are never written twice. */
#define SA_ERRNO_MAP(XX)                                                     \
  XX(ENAMEEMPTY,  -1001, "empty name")                                       \
  XX(ENAMESLASH,  -1002, "'/' inside an shm name (use file:// for paths)")   \
  XX(ENAMELONG,   -1003, "name too long")                                    \
  XX(ESCHEME,     -1004, "unknown name scheme (use shm:// or file://)")      \
  XX(ENAMEBAD,    -1005, "invalid name")                                     \
  XX(EMAGIC,      -1010, "not a .npy/SharedArray segment (bad magic)")       \
  XX(EVERSION,    -1011, "unsupported .npy format version")                  \
  XX(EHEADER,     -1012, "malformed .npy header")                            \
  XX(EDTYPE,      -1013, "unsupported dtype")                                \
  XX(ENDIM,       -1014, "too many dimensions (the limit is 64)")            \
  XX(ESHAPE,      -1015, "invalid shape")                                    \
  XX(EOVERFLOW,   -1016, "array size overflows")                             \
  XX(ETRUNC,      -1017, "segment is smaller than its header says")          \
  XX(EINCOMPLETE, -1018, "segment is incomplete (being created, or its "     \
                         "creator died)")                                    \
  XX(EORDER,      -1019, "invalid order (use 'C' or 'F')")                   \
  XX(EREADONLY,   -1020, "array is read-only")                               \
  XX(EINDEX,      -1021, "index out of range")                               \
  XX(EVALUE,      -1022, "value cannot be stored in this dtype")             \
  XX(EARG,        -1023, "invalid argument")                                 \
  XX(EOWNER,      -1024, "segment is owned by another user")                 \
  XX(ENOSYNC,     -1025, "segment has no synchronisation trailer (created "  \
                         "by another program or an older version)")          \

typedef enum {
#define SA__ERR_ENUM(name, val, msg) SA_##name = val,
  SA_ERRNO_MAP(SA__ERR_ENUM)
#undef SA__ERR_ENUM
  SA_ERRNO_MIN = -1099
} sa_errno_t;

/* A static description of code (never NULL). */
SA_EXTERN const char *sa_strerror(int code);
/* The symbolic name of code, e.g. "SA_EDTYPE" or "ENOENT" (never NULL). */
SA_EXTERN const char *sa_err_name(int code);
/* The calling thread's last error message, naming the thing at fault. */
SA_EXTERN const char *sa_errmsg(void);
/* sa_errmsg with every control character escaped, for a terminal or a log:
 * C0 and DEL as \x1b, C1 as \u009b (written as UTF-8) or \x9b (a raw
 * byte, or any byte that is not UTF-8). Names hold any byte, and a hostile
 * one must not reach a terminal raw through an error message. */
SA_EXTERN const char *sa_errmsg_safe(void);
/* True for the library's own codes (bad input: a ValueError in Python). */
SA_EXTERN int sa_is_own_error(int code);

/* ---------------------------------------------------------------- dtypes */

/* A parsed element type. descr is normalised as numpy writes it: '|' for
 * 1-byte types, '<' or '>' otherwise, e.g. "|b1", "<i4", ">f8", "<c16",
 * "|S10", "<U3", "|V8", "<M8[ns]", "<f16"; for a structured dtype, the
 * .npy list literal, e.g. "[('x', '<f8'), ('n', '<i4', (2,))]".
 *
 * The numeric kinds (sa_dtype_is_numeric) are what every language reads
 * and writes element by element: b1, i1-i8, u1-u8, f2, f4, f8, c8, c16.
 * The others (bytes 'S', unicode 'U', void 'V', structured, datetime64 'M',
 * timedelta64 'm', longdouble f16/c32) are held and described by the core,
 * but only a binding that asks for them with SA_CREATE_ANY_DTYPE or
 * SA_ATTACH_ANY_DTYPE (Python) gets such an array mapped. */
typedef struct sa_dtype {
  char descr[SA_DESCR_MAX];
  char kind;          /* 'b' bool, 'i' int, 'u' uint, 'f' float, 'c' complex,
                         'S' bytes, 'U' unicode, 'V' void or structured,
                         'M' datetime64, 'm' timedelta64 */
  char byteorder;     /* '<', '>' or '|' (also for structured dtypes) */
  int  itemsize;      /* bytes per element, >= 1 */
  int  structured;    /* 1 when descr is a list of fields */
} sa_dtype;

/* Parse a dtype spelled as numpy spells it: a descr ("f8", "<i4", "|b1",
 * "=u2", ">c16", "S10", "<U3", "V8", "<M8[us]", "<m8", "<f16"), a
 * structured dtype's .npy list literal ("[('x', '<f8'), ('y', '<i4')]"), or
 * a name ("float64", "double", "int32", "uint8", "bool", "complex64",
 * "float16", "half", "single", "float", "int", "complex").
 * Object dtypes are refused. Returns 0 or SA_EDTYPE. */
SA_EXTERN int sa_dtype_parse(const char *spec, sa_dtype *out);
/* 1 for the kinds that every language reads element by element (b1,
 * i1-i8, u1-u8, f2, f4, f8, c8, c16), else 0. */
SA_EXTERN int sa_dtype_is_numeric(const sa_dtype *dt);

/* ----------------------------------------------------------- array meta */

/* Everything the .npy header says, plus derived sizes. */
typedef struct sa_meta {
  sa_dtype dtype;
  int      ndim;                 /* 0..SA_MAXDIMS */
  char     order;                /* 'C' or 'F' (fortran_order) */
  int      version;              /* .npy major version: 1, 2 or 3 */
  int64_t  shape[SA_MAXDIMS];
  uint64_t nitems;               /* product of shape */
  uint64_t nbytes;               /* nitems * itemsize */
  uint64_t data_offset;          /* where the data starts in the segment */
  int      format;               /* SA_FORMAT_NPY, or a SharedArray 3.x
                                    segment (SA_FORMAT_SA3_32/_64) */
} sa_meta;

/* sa_meta.format. sa_create always writes SA_FORMAT_NPY. Segments made by
 * SharedArray 3.x (the PyPI package) are read as a legacy input: data at
 * offset 0, a binary trailer after it, version 0, order 'C', native byte
 * order (docs/format.md section 13). The suffix is the trailer's
 * NPY_MAXDIMS: 32 when 3.x was built with numpy 1.x, 64 with numpy 2.x. */
#define SA_FORMAT_NPY    0
#define SA_FORMAT_SA3_32 1      /* 292-byte trailer */
#define SA_FORMAT_SA3_64 2      /* 548-byte trailer */

/* What sa_info and sa_list report about one named array. */
typedef struct sa_info {
  char     name[SA_NAME_MAX];    /* "NAME" for shm, "file://PATH" for files */
  sa_meta  meta;
  uint64_t size;                 /* size of the segment or file in bytes */
  unsigned mode;                 /* permission bits, e.g. 0600 */
  unsigned uid;                  /* owner */
  int      has_sync;             /* 1 when the segment has a synchronisation
                                    trailer (docs/format.md section 10) */
  uint64_t generation;           /* its generation when read (0 without) */
  uint64_t dev, ino;             /* its identity (st_dev, st_ino): what
                                    sa_holders_of takes */
  /* Provenance, from the trailer (all 0 without one): */
  unsigned creator_pid;          /* the process that created it */
  unsigned creator_uid;          /* that process's effective uid */
  uint64_t creator_start;        /* its start time, in clock ticks after
                                    boot (/proc/PID/stat field 22), so that
                                    a reused pid is not taken for it */
  uint64_t created_ns;           /* creation time, ns since 1970 (UTC) */
} sa_info;

/* ---------------------------------------------------------------- arrays */

typedef struct sa_array sa_array;  /* an attached (mapped) array */

/* sa_create flags */
#define SA_CREATE_LAZY     0x01  /* do not reserve memory up front (sparse
                                    arrays; a full /dev/shm may then SIGBUS
                                    on first touch instead of failing here) */
#define SA_CREATE_POPULATE 0x02  /* prefault all pages at create (MAP_POPULATE)*/
#define SA_CREATE_ANY_DTYPE 0x04 /* allow dtypes that are not numeric (see
                                    sa_dtype): for bindings that map them */

/* sa_attach flags */
#define SA_ATTACH_RDONLY   0x01  /* map PROT_READ; writes are refused */
#define SA_ATTACH_POPULATE 0x02  /* prefault all pages (MAP_POPULATE) */
#define SA_ATTACH_OWNED    0x04  /* refuse a segment that the caller's
                                    effective uid does not own (SA_EOWNER):
                                    see docs/format.md section 11 */
#define SA_ATTACH_ANY_DTYPE 0x08 /* allow dtypes that are not numeric; without
                                    it such a segment gives SA_EDTYPE */

/* sa_delete flags */
#define SA_DELETE_FORCE    0x01  /* remove the name even if it does not hold
                                    a SharedArray/.npy segment */

/* sa_msync flags: the same values as the system's MS_*. At most one of
 * SA_MS_ASYNC and SA_MS_SYNC, optionally or-ed with SA_MS_INVALIDATE. */
#define SA_MS_ASYNC      1
#define SA_MS_INVALIDATE 2
#define SA_MS_SYNC       4

/* Create a new zero-filled array and map it read-write.
 *   name   "NAME", "shm://NAME" or "file://PATH"
 *   ndim   0..64, shape[ndim] each >= 0
 *   dtype  anything sa_dtype_parse accepts
 *   order  'C' (row-major) or 'F' (column-major); 0 means 'C'
 *   mode   permission bits, 0 to 0777; 0 means the default, 0600 (a
 *          segment that nobody may open would be useless). Higher bits
 *          (setuid, setgid, sticky) are refused with SA_EARG.
 * Atomic: an attacher never sees a half-written header, and of several
 * processes creating one name exactly one succeeds (the others: -EEXIST).
 * Memory is reserved up front unless SA_CREATE_LAZY, so a full /dev/shm
 * gives -ENOSPC here rather than SIGBUS later. */
SA_EXTERN int sa_create(const char *name, int ndim, const int64_t *shape,
                        const char *dtype, char order, unsigned mode,
                        unsigned flags, sa_array **out);

/* Attach an existing array (any valid .npy file for file://). flags: 0, or
 * SA_ATTACH_RDONLY, SA_ATTACH_POPULATE and/or SA_ATTACH_OWNED. The header is fully
 * validated before *out is set. A segment made by SharedArray 3.x is read
 * too (sa_meta.format); read-write, only its data is mapped, never its
 * trailer. sa_info_get, sa_list_next and sa_delete read them as well. */
SA_EXTERN int sa_attach(const char *name, unsigned flags, sa_array **out);

/* Who an owner check expects, as text: a uid ("1000", at most 4294967294)
 * or a user name ("alice"). Returns 0 with *uid set, or SA_EARG (or
 * -errno when the user database fails) naming the text. */
SA_EXTERN int sa_owner_parse(const char *text, unsigned *uid);

/* sa_attach, refusing (SA_EOWNER) a segment whose owner is not uid: for a
 * privileged process that must not trust a segment someone else planted
 * under the name ("squatting", docs/format.md section 11). uid
 * SA_OWNER_ANY ((uid_t)-1, never a user's uid) is sa_attach itself: no
 * explicit owner, although flags may still hold SA_ATTACH_OWNED. */
#define SA_OWNER_ANY 0xffffffffu
SA_EXTERN int sa_attach_owner(const char *name, unsigned flags, unsigned uid,
                              sa_array **out);

/* sa_attach, but only the segment whose identity (device and inode, as
 * sa_identity gives them) is dev and ino: checked on the opened descriptor,
 * so a name that was deleted and created again since (another segment,
 * perhaps of another shape) is refused with -ENOENT, and a name that is
 * gone gives -ENOENT too; sa_errmsg() says which. For handing an array to
 * another process by name (Python's multiprocessing). */
SA_EXTERN int sa_attach_same(const char *name, unsigned flags, uint64_t dev,
                             uint64_t ino, sa_array **out);

/* Unmap and free. NULL is allowed. The named array itself is untouched. */
SA_EXTERN void sa_release(sa_array *a);

/* Remove the name. Existing mappings stay valid. flags: 0 or
 * SA_DELETE_FORCE (other bits: SA_EARG). Refuses (with the validation
 * error) to remove anything that is not a SharedArray/.npy segment, unless
 * SA_DELETE_FORCE. An array whose data was truncated, and an incomplete
 * segment left by a creator that died, are removable without force; an
 * empty object is not. */
SA_EXTERN int sa_delete(const char *name, unsigned flags);

/* Remove the name of a's segment if, and only if, the name still refers to
 * that very segment (same device and inode): a creator undoing its own
 * create never removes what another process created under the name since.
 * Returns 0, or -ENOENT when the name is gone or now names something else. */
SA_EXTERN int sa_unlink(const sa_array *a);

/* Prefault len bytes of a's data from byte offset off (clipped to the
 * data), for writing unless a is read-only: what SA_CREATE_POPULATE does,
 * in pieces that a caller can interleave with checks for interrupts. */
SA_EXTERN int sa_populate(sa_array *a, uint64_t off, uint64_t len);

/* Parse permission bits as chmod(1) takes them: 1 to 4 octal digits, with
 * an optional "0o" prefix; no sign, space or other text. Values above 0777
 * (setuid, setgid, sticky) are refused. Returns 0 or SA_EARG. */
SA_EXTERN int sa_mode_parse(const char *text, unsigned *mode);

/* Read the header of a named array without mapping its data (and, when
 * it has a synchronisation trailer, its generation: one more pread). */
SA_EXTERN int sa_info_get(const char *name, sa_info *out);

/* ------------------------------------------------------------- accessors */

SA_EXTERN void          *sa_data(const sa_array *a);
SA_EXTERN uint64_t       sa_nbytes(const sa_array *a);
SA_EXTERN uint64_t       sa_nitems(const sa_array *a);
SA_EXTERN int            sa_ndim(const sa_array *a);
SA_EXTERN const int64_t *sa_shape(const sa_array *a);
SA_EXTERN const char    *sa_descr(const sa_array *a);    /* e.g. "<f8" */
SA_EXTERN int            sa_itemsize(const sa_array *a);
SA_EXTERN char           sa_order(const sa_array *a);    /* 'C' or 'F' */
SA_EXTERN int            sa_readonly(const sa_array *a);
SA_EXTERN const char    *sa_name(const sa_array *a);
SA_EXTERN const sa_meta *sa_get_meta(const sa_array *a);
/* The permission bits and owner of the segment, as they were when it was
 * opened (fstat of the descriptor that was mapped; create: as made). */
SA_EXTERN unsigned       sa_mode(const sa_array *a);
SA_EXTERN unsigned       sa_uid(const sa_array *a);
/* The identity of a's segment (st_dev and st_ino of the descriptor that
 * was mapped): what sa_attach_same checks. 0, or SA_EARG for NULL. */
SA_EXTERN int            sa_identity(const sa_array *a, uint64_t *dev,
                                     uint64_t *ino);
/* 0 if a's name still refers to a's segment (same device and inode),
 * -ENOENT if the name is gone or now names another segment (sa_errmsg()
 * says which), or another negative code. One stat(2), no open. */
SA_EXTERN int            sa_name_refers(const sa_array *a);

/* ----------------------------------------------------- memory operations */

/* msync(2) over a's whole mapping. flags as above; anything else (unknown
 * bits, or both SA_MS_ASYNC and SA_MS_SYNC) is refused with -EINVAL, as
 * msync(2) refuses it (so that code written for SharedArray 3.x sees the
 * same OSError), and sa_errmsg() names the flags. */
SA_EXTERN int sa_msync(sa_array *a, int flags);
SA_EXTERN int sa_mlock(sa_array *a);
SA_EXTERN int sa_munlock(sa_array *a);

/* -------------------------------------------------------- synchronisation */

/* Every segment that sa_create makes (segment format 2, docs/format.md
 * section 10) ends with a 128-byte trailer that holds a generation counter
 * with wait/notify, and a lock that survives the death of its holder.
 * Segments without one (np.save files, SharedArray 3.x segments, segments
 * of format 1) attach as before; the functions below then return
 * SA_ENOSYNC naming the segment.
 *
 * They work on read-only attaches too (SA_ATTACH_RDONLY): the data stays
 * read-only, and the trailer is mapped writable on its own when the
 * segment's permissions allow writing. When they do not, sa_wait and
 * sa_generation still work (a waiter that cannot register itself checks
 * the generation every 10 ms as well as when woken), and sa_lock,
 * sa_unlock and sa_notify give -EACCES. Linux only (futexes). */

/* sa_lock's positive return: the lock was acquired, but its previous
 * holder died holding it (killed, or exited without unlocking), so the data
 * it protects may be half-written. The lock is now the caller's, in a
 * normal state; the next locker gets 0. */
#define SA_LOCK_OWNER_DIED 1

/* 1 when a's segment has a valid synchronisation trailer, else 0 (also for
 * NULL). */
SA_EXTERN int sa_has_sync(const sa_array *a);

/* Take the segment's lock, shared by every process (and thread) attached to
 * it. timeout_ms < 0 waits for ever, 0 only tries, > 0 waits at most that
 * long. Returns 0 (acquired), SA_LOCK_OWNER_DIED (acquired; the previous
 * holder died holding it), -ETIMEDOUT (not acquired in time, or held when
 * only trying), -EDEADLK (the calling thread holds it already: the lock is
 * not recursive), SA_ENOSYNC, -EACCES (read-only, no write permission), or
 * another -errno. The lock belongs to the calling thread, which must be the
 * one to sa_unlock it.
 *
 * It is a priority-inheriting futex (FUTEX_LOCK_PI), not a pthread mutex:
 * see docs/format.md section 10 for why, and for its limits (an owner that
 * died and whose thread id was reused before anyone locked; processes in
 * different PID namespaces). A positive timeout is measured against
 * CLOCK_REALTIME (the kernel's rule for this futex), so setting the clock
 * moves it. The kernel restarts the wait after a signal handler runs, so
 * sa_lock never returns -EINTR: a binding that must react to Ctrl-C calls
 * it in slices (say 50 ms) and checks for interrupts in between. After a
 * fork, a child does not hold the parent's lock, and a thread id is read
 * afresh (the library registers a pthread_atfork child handler; a process
 * made by a raw clone or vfork system call must not lock before exec). */
SA_EXTERN int sa_lock(sa_array *a, int timeout_ms);

/* Release the lock. 0, -EPERM when the calling thread does not hold it (it
 * stays held), SA_ENOSYNC, -EACCES, or another -errno. */
SA_EXTERN int sa_unlock(sa_array *a);

/* Add 1 to the generation and wake every sa_wait of the segment, in every
 * process. Costs no system call when nobody waits. 0, SA_ENOSYNC, -EACCES,
 * or another -errno. */
SA_EXTERN int sa_notify(sa_array *a);

/* Wait until the generation differs from since: returns 0 with *now (may
 * be NULL) set to the generation seen, at once if it already differs.
 * timeout_ms < 0 waits for ever, 0 only checks, > 0 waits at most that
 * long (CLOCK_MONOTONIC). Returns -ETIMEDOUT when time ran out, -EINTR
 * when a signal handler ran meanwhile (check for Ctrl-C, then call again
 * with the same since: no notify is lost), SA_ENOSYNC, or another -errno.
 * As with every system call that reports EINTR, a handler that runs just
 * before the wait is asleep is not noticed until it wakes: a binding that
 * must react to Ctrl-C within a bounded time waits in slices (e.g. 100 ms
 * to 1 s), checking its flag in between.
 *
 * To wait for the next notify, read the generation first, then do the work
 * that a notify may follow, then wait:
 *     uint64_t g; sa_generation(a, &g); ...; sa_wait(a, g, -1, &g); */
SA_EXTERN int sa_wait(sa_array *a, uint64_t since, int timeout_ms,
                      uint64_t *now);

/* The current generation (0 for a new segment; the number of notifies
 * since, modulo 2^64) into *gen. 0 or SA_ENOSYNC. */
SA_EXTERN int sa_generation(const sa_array *a, uint64_t *gen);

/* For bindings and tools that must react to Ctrl-C while they wait: the
 * kernel restarts a PI-futex lock after a signal handler, and a handler
 * that runs just before a wait sleeps is not seen by that wait, so these
 * sleep in slices of at most slice_ms (<= 0: 100 ms) for the whole
 * timeout_ms (< 0: for ever; 0: one try) and call check(ctx) (may be NULL)
 * after every slice and every signal handler. When it returns non-zero,
 * the call ends with -EINTR (sa_errmsg: "interrupted"), the lock not
 * taken. Otherwise they return what sa_lock or sa_wait does; a timeout's
 * message names the whole timeout. check runs in the calling thread. */
typedef int (*sa_interrupt_fn)(void *ctx);
SA_EXTERN int sa_lock_interruptible(sa_array *a, int timeout_ms, int slice_ms,
                                    sa_interrupt_fn check, void *ctx);
SA_EXTERN int sa_wait_interruptible(sa_array *a, uint64_t since,
                                    int timeout_ms, int slice_ms,
                                    sa_interrupt_fn check, void *ctx,
                                    uint64_t *now);

/* A consistent copy of the data: sa_lock(a, timeout_ms), copy sa_nbytes(a)
 * bytes into dst (cap bytes of room; SA_EARG if too small), sa_unlock.
 * Returns what sa_lock returned (0 or SA_LOCK_OWNER_DIED when copied, else
 * the error, and nothing is copied). Consistent against writers that
 * write under the lock. */
SA_EXTERN int sa_snapshot(sa_array *a, void *dst, uint64_t cap,
                          int timeout_ms);

/* ---------------------------------------------------------------- listing */

typedef struct sa_list sa_list;

/* Iterate the valid arrays in /dev/shm (where == NULL, "" or "shm://") or
 * the .npy files of a directory (where == "file://DIR"). Entries that are
 * not valid arrays are skipped silently. */
SA_EXTERN int  sa_list_open(const char *where, sa_list **out);
/* 1 and *out filled, 0 at the end, or a negative error. */
SA_EXTERN int  sa_list_next(sa_list *l, sa_info *out);
SA_EXTERN void sa_list_close(sa_list *l);

/* ---------------------------------------------------------------- holders */

/* Which processes map which segment right now, from one pass over
 * /proc/PID/maps of every process (read once per scan, not once per
 * segment). A process counts by the segment's identity (sa_identity's
 * device and inode), so one that attached through another name, or that
 * still maps a segment whose name was deleted, counts too. Processes whose
 * maps /proc does not show (other users', without privilege) are silently
 * not counted: sa_holders_incomplete() then says so. */
typedef struct sa_holders sa_holders;

SA_EXTERN int  sa_holders_scan(sa_holders **out);
/* The pids that map (dev, ino), ascending: writes up to cap of them and
 * returns how many there are (which may be more than cap). */
SA_EXTERN int  sa_holders_of(const sa_holders *h, uint64_t dev, uint64_t ino,
                             int *pids, int cap);
/* 1 when some process's maps could not be read (permission), else 0. */
SA_EXTERN int  sa_holders_incomplete(const sa_holders *h);
SA_EXTERN void sa_holders_free(sa_holders *h);

/* ------------------------------------------------------------- provenance */

/* 1 when info's creator (creator_pid with that start time) is still
 * running, 0 when it is gone (exited, a zombie, or its pid now belongs to
 * another process), SA_ENOSYNC when the segment records no creator (no
 * trailer: np.save files, SharedArray 3.x segments, format 1). Processes
 * in another PID namespace are not seen (reported gone). */
SA_EXTERN int sa_creator_alive(const sa_info *info);
/* 1 when info's segment is stale: its creator is gone and no process has
 * it open or mapped; 0 when not; SA_ENOSYNC when no creator is recorded;
 * another negative code when it cannot be told. A holder in h (may be
 * NULL) answers at once; otherwise the kernel is asked with a write lease
 * (fcntl F_SETLEASE, granted only when no other open file description of
 * the file exists, in any process: this sees what /proc hides). Only the
 * owner (or CAP_LEASE) may take a lease; for others' segments the answer
 * rests on h, and is an error when h is incomplete. While the lease is
 * held SIGIO is ignored if it had its default action. Stale is not
 * garbage: an array loaded once and kept on purpose is stale too, so
 * nothing is removed unless asked (sa_delete_stale). */
SA_EXTERN int sa_info_stale(const sa_info *info, const sa_holders *h);
/* Remove name if it is stale and the caller owns it, judged on one
 * descriptor opened without following a symbolic link (-ELOOP): the
 * creator must be gone and a write lease granted (no process has it open
 * or mapped; anyone who opens it from then on waits). The name is then
 * renamed aside to a short hidden name in the same directory (no attach
 * can begin through it); if anyone opened the file meanwhile, the name is
 * put back. 0 removed, 1 kept (not stale, or no longer), SA_ENOSYNC (no
 * creator recorded), SA_EOWNER (not the caller's), or another negative
 * code. A process killed between the rename and the unlink leaves the
 * segment as .sa-stale-PID-N. */
SA_EXTERN int sa_delete_stale(const char *name);

/* ------------------------------------------------------------ display */

/* How meta's segment is laid out, for display: ".npy 1.0", ".npy 2.0",
 * ".npy 3.0", "SharedArray 3.x (numpy 1.x)" or "SharedArray 3.x (numpy
 * 2.x)". Never NULL. */
SA_EXTERN const char *sa_format_name(const sa_meta *meta);

SA_EXTERN const char *sa_version(void);

#ifdef __cplusplus
}
#endif
#endif /* SHAREDARRAY_H */
