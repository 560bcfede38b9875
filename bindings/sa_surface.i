/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_surface.i -- the shared API, declared once for every language.
 *
 * Every function below is a function of the C core (sharedarray.h), so its
 * behaviour is the core's in every language. What differs between languages
 * is only how an argument arrives and how a result leaves. The declarations
 * name each such argument by its role (the parameter names below differ from
 * the header's on purpose: SWIG matches typemaps by type AND name), and each
 * language's file (bindings/<lang>/sa_<lang>.i, included before this one)
 * supplies one typemap per role:
 *
 *   role (type and parameter name)          what the language's typemap does
 *   --------------------------------------  ---------------------------------
 *   sa_status (return)                      error: < 0 raises or returns the
 *                                           language's error (sa_errmsg_safe)
 *   const char *name                        a name as the language spells it
 *                                           (Python: str, bytes, PathLike)
 *   (int ndim, const int64_t *shape)        a shape (sequence, table, vector)
 *   const char *dtype                       a dtype spelling (Octave: a class)
 *   (char order, unsigned mode,
 *    unsigned create_flags)                 create's options (lazy, populate)
 *   (unsigned attach_flags, unsigned owner) attach's options (ro, populate,
 *                                           owner: SA_OWNER_ANY for none)
 *   unsigned delete_flags                   delete's options (force)
 *   sa_array **out                          view-out: the language's array
 *   sa_array *array                         an array (Python: any view of one)
 *   int msync_flags                         MS_ASYNC / MS_SYNC / MS_INVALIDATE
 *   sa_info *info_out                       info: the language's record
 *   const char *where, sa_list **list_out   list: iterate, one record each
 *   int code                                an error code (errname/strerror)
 *   sa_lock_status (return)                 lock: 0 acquired; SA_LOCK_OWNER_DIED
 *                                           acquired, and the caller must be
 *                                           told the data may be inconsistent
 *                                           (Python: a warning and a flag; Lua:
 *                                           an extra result; Octave: a warning
 *                                           and the result); < 0 as sa_status
 *                                           (-ETIMEDOUT: TimeoutError, nil
 *                                           "timed out" ETIMEDOUT, the error
 *                                           sharedarray:timeout)
 *   int timeout_ms                          a timeout in the language's seconds
 *                                           (None, nil or [] for ever); < 0 is
 *                                           for ever in C
 *   uint64_t since                          a generation (an integer >= 0)
 *   uint64_t *generation_out                the generation, as an integer
 *
 * Each language's file also defines SA_API(name), the name a function gets
 * in that language: `#define SA_API(n) n` exposes create, attach, ... as
 * they are; Python's `_##n` leaves room for its keyword fronts; Octave's
 * internal names keep its autoloads from shadowing builtins (delete, list).
 *
 * A language may give a function a language-only front (Python's keyword
 * create() in SharedArray/__init__.py, Octave's documented .m files): the
 * front may only translate spellings, never add rules. A rule two
 * languages need belongs in the core.
 */

#ifndef SA_API
#error "sa_surface.i: the language's file must define SA_API(name)"
#endif

%{
typedef int sa_status;
%}
typedef int sa_status;

/* ------------------------------------------------------------- lifecycle */

%rename(SA_API(create)) sa_create;
sa_status sa_create(const char *name, int ndim, const int64_t *shape,
                    const char *dtype, char order, unsigned mode,
                    unsigned create_flags, sa_array **out);

%rename(SA_API(attach)) sa_attach_owner;
sa_status sa_attach_owner(const char *name, unsigned attach_flags,
                          unsigned owner, sa_array **out);

%rename(SA_API(delete)) sa_delete;
sa_status sa_delete(const char *name, unsigned delete_flags);

/* --------------------------------------------------------- introspection */

%rename(SA_API(info)) sa_info_get;
sa_status sa_info_get(const char *name, sa_info *info_out);

%rename(SA_API(list)) sa_list_open;
sa_status sa_list_open(const char *where, sa_list **list_out);

/* ----------------------------------------------------- memory operations */

%rename(SA_API(msync)) sa_msync;
sa_status sa_msync(sa_array *array, int msync_flags);
%rename(SA_API(mlock)) sa_mlock;
sa_status sa_mlock(sa_array *array);
%rename(SA_API(munlock)) sa_munlock;
sa_status sa_munlock(sa_array *array);

/* ------------------------------------------------------- synchronisation */

%{
typedef int sa_lock_status;
%}
typedef int sa_lock_status;

%rename(SA_API(lock)) sa_lock;
sa_lock_status sa_lock(sa_array *array, int timeout_ms);
%rename(SA_API(unlock)) sa_unlock;
sa_status sa_unlock(sa_array *array);
%rename(SA_API(notify)) sa_notify;
sa_status sa_notify(sa_array *array);
%rename(SA_API(wait)) sa_wait;
sa_status sa_wait(sa_array *array, uint64_t since, int timeout_ms,
                  uint64_t *generation_out);
%rename(SA_API(generation)) sa_generation;
sa_status sa_generation(sa_array *array, uint64_t *generation_out);

/* ---------------------------------------------------------------- errors */

%rename(SA_API(errname)) sa_err_name;
const char *sa_err_name(int code);
%rename(SA_API(strerror)) sa_strerror;
const char *sa_strerror(int code);

/* --------------------------------------------------- version, constants */

%rename(SA_API(version)) sa_version;
const char *sa_version(void);

%constant int MS_ASYNC = SA_MS_ASYNC;
%constant int MS_SYNC = SA_MS_SYNC;
%constant int MS_INVALIDATE = SA_MS_INVALIDATE;
%constant int MAXDIMS = SA_MAXDIMS;
%constant int CREATE_LAZY = SA_CREATE_LAZY;
%constant int CREATE_POPULATE = SA_CREATE_POPULATE;
%constant int ATTACH_RDONLY = SA_ATTACH_RDONLY;
%constant int ATTACH_POPULATE = SA_ATTACH_POPULATE;
%constant int ATTACH_OWNED = SA_ATTACH_OWNED;
%constant int DELETE_FORCE = SA_DELETE_FORCE;
%constant unsigned OWNER_ANY = SA_OWNER_ANY;
%constant const char *VERSION = SA_VERSION_STRING;
