/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave.i -- the Octave part of the SWIG interface, %included by
 * bindings/sharedarray.i before the shared API (sa_surface.i). Generates
 * sharedarray.oct. It holds one typemap per role of sa_surface.i; the
 * functions themselves are the surface's, generated.
 *
 *   - names: SWIG's Octave loader autoloads every wrapped function under
 *     its own name, and autoloads shadow Octave's builtins (delete, list,
 *     version), so each gets an internal name (__sharedarray_create__ ...)
 *     and users call the documented .m fronts (sharedarray_create.m ...),
 *     which load the module (private/sa_load.m), fill in defaults and
 *     carry the help text. errname/strerror get no front: an Octave
 *     error carries an identifier (below) and a message, never a code.
 *   - view-out: create and attach return a handle (sa_octave_array, see
 *     sa_octave_ref.h) whose lifetime is the Octave value's: when the last
 *     value holding it is cleared, the mapping is released; h.close()
 *     releases it earlier. h.msync(), h.mlock(), h.munlock(), h.lock(),
 *     h.unlock(), h.notify(), h.wait() and h.generation() are the
 *     surface's own wrappers, bound as methods of every handle;
 *     h.snapshot() is the handle's own (sa_octave_array.h).
 *   - synchronisation (issue 15): timeouts in seconds ([] or Inf: none),
 *     lock and wait taken in slices so that Ctrl-C stops them
 *     (sa_octave_sync.h); generations are uint64 (exact, all 64 bits);
 *     a lock taken from a dead holder warns sharedarray:ownerdied and
 *     gives a second output, true.
 *   - errors: every failure is an Octave error() with an identifier
 *     (sharedarray:notfound, :exists, :permission, :readonly, :owner,
 *     :timeout, :nosync, :deadlock, :invalid, :system, :closed, :save,
 *     :load), sa_octave_errors.h.
 *   - signals: loading the module turns off Octave's workspace dumps on
 *     SIGTERM and SIGHUP, which a handle would refuse (%init below).
 */
#define SA_API(n) __sharedarray_ ## n ## __

%{
#include <strings.h>

#include <octave/parse.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sa_octave_array.h"
#include "sa_octave_convert.h"
#include "sa_octave_ref.h"
#include "sa_octave_sync.h"

/* "create" for the wrapper __sharedarray_create__: messages say
 * "sharedarray_create: ...", the name users call. */
static std::string sa_oct_fn(const char *symname) {
  std::string s(symname);
  return s.substr(14, s.size() - 16);
}

/* A char row vector argument, or a clear error naming it. A NUL character
 * is refused: C would cut the string there (['p' char(0) 'x'] naming 'p'). */
static std::string sa_oct_string(const std::string &fn, const char *what,
                                 const octave_value &v) {
  if (!v.is_string() || v.rows() > 1)
    sa_oct_bad_arg(fn.c_str(), "%s must be a string (a char row vector), not a %s",
                   what, v.class_name().c_str());
  const std::string s = v.string_value();
  const size_t nul = s.find('\0');
  if (nul != std::string::npos) {
    std::string shown;
    for (char c : s) shown += c ? std::string(1, c) : std::string("\\0");
    sa_oct_bad_arg(fn.c_str(), "%s '%s' contains a NUL character (char(0)) at "
                   "position %ld", what, shown.c_str(), static_cast<long>(nul + 1));
  }
  return s;
}

/* A real scalar holding an integer in [0, max], or an error built from
 * bad ("MODE %g is not ...", given the value). */
static double sa_oct_whole(const std::string &fn, const octave_value &v, double max,
                           const char *what, const char *bad) {
  if (!v.isnumeric() || v.iscomplex() || v.numel() != 1)
    sa_oct_bad_arg(fn.c_str(), "%s, not a %s", what, v.class_name().c_str());
  const double d = v.double_value();
  if (!(d >= 0 && d <= max && d == std::floor(d))) sa_oct_bad_arg(fn.c_str(), bad, d);
  return d;
}

/* true/false (a logical or numeric scalar), [] for false. */
static bool sa_oct_bool(const std::string &fn, const char *what, const octave_value &v) {
  if (v.isempty()) return false;
  if (!(v.isnumeric() || v.islogical()) || v.numel() != 1)
    sa_oct_bad_arg(fn.c_str(), "%s must be true or false", what);
  return v.bool_value();
}

/* Name/value options, a cell {'name', value, ...} that the .m front
 * passes on: vals[k] gets the value of names[k] (names ignore case). */
static void sa_oct_options(const std::string &fn, const octave_value &opts,
                           const char *const *names, int n, octave_value *vals,
                           const char *hint = "") {
  std::string known;
  for (int k = 0; k < n; k++) known += (k ? (k + 1 < n ? ", '" : " and '") : "'") +
                                       std::string(names[k]) + "'";
  const Cell c = opts.iscell() ? opts.cell_value() : Cell(opts);
  for (octave_idx_type i = 0; i < c.numel(); i += 2) {
    if (!c(i).is_string() || c(i).rows() > 1)
      sa_oct_bad_arg(fn.c_str(), "expected an option name (%s), not a %s",
                     known.c_str(), c(i).class_name().c_str());
    const std::string o = c(i).string_value();
    int k = 0;
    while (k < n && strcasecmp(o.c_str(), names[k]) != 0) k++;
    if (k == n)
      sa_oct_bad_arg(fn.c_str(), "unknown option '%s': %sthe options are %s",
                     o.c_str(), hint, known.c_str());
    if (i + 1 == c.numel())
      sa_oct_bad_arg(fn.c_str(), "option '%s' needs a value", o.c_str());
    vals[k] = c(i + 1);
  }
}

/* Octave's dim_vector holds 64-bit dimensions, but size(h), numel(h) and
 * 'end' reach a handle through SWIG, which passes each dimension as an
 * int: arrays with a dimension beyond that are refused. */
static void sa_oct_check_dims(const std::string &fn, const char *name, int ndim,
                              const int64_t *shape) {
  for (int k = 0; k < ndim; k++)
    if (shape[k] > 2147483647)
      error_with_id("sharedarray:invalid", "sharedarray_%s: '%s': dimension %d of "
                    "the shape is %lld; Octave handles support dimensions up to "
                    "2147483647 (2^31-1)", fn.c_str(), name, k + 1,
                    static_cast<long long>(shape[k]));
}

/* The info record: a struct array, one element per sa_info. The
 * provenance fields come from the trailer ([] without one: np.save files,
 * SharedArray 3.x segments); holders from one /proc scan per call (h).
 * stale (the creator is gone and no process has it open or mapped) is the
 * core's sa_info_stale on that same scan, which asks the kernel with a
 * lease when h shows no holder; [] when no creator is recorded or it
 * cannot be told. */
static octave_value sa_oct_records(const std::vector<sa_info> &in, const sa_holders *h) {
  static const char *const fields[] = {
    "name", "shape", "dtype", "order", "class", "nbytes", "size", "mode", "uid",
    "has_sync", "generation", "creator_pid", "creator_alive", "created",
    "created_ns", "holders", "holders_incomplete", "stale"};
  octave_map m(dim_vector(static_cast<octave_idx_type>(in.size()), 1));
  for (const char *f : fields) m.setfield(f, Cell(m.dims()));
  const bool incomplete = sa_holders_incomplete(h) != 0;
  std::vector<int> pids(64);
  for (size_t k = 0; k < in.size(); k++) {
    const sa_info &i = in[k];
    const sa_meta &mt = i.meta;
    RowVector shp(mt.ndim);
    for (int d = 0; d < mt.ndim; d++) shp(d) = static_cast<double>(mt.shape[d]);
    int n = sa_holders_of(h, i.dev, i.ino, pids.data(), static_cast<int>(pids.size()));
    if (n > static_cast<int>(pids.size())) {
      pids.resize(n);
      n = sa_holders_of(h, i.dev, i.ino, pids.data(), n);
    }
    RowVector who(n < 0 ? 0 : n);
    for (int j = 0; j < n; j++) who(j) = pids[j];
    const bool sync = i.has_sync != 0;
    const bool prov = sync && i.creator_pid != 0;
    const int alive = prov ? sa_creator_alive(&i) : -1;
    const int stale = prov ? sa_info_stale(&i, h) : -1;
    const octave_value none = Matrix();
    const octave_value vals[] = {
      octave_value(i.name), octave_value(shp), octave_value(mt.dtype.descr),
      octave_value(std::string(1, mt.order)), octave_value(sa_oct_classname(mt.dtype)),
      octave_value(static_cast<double>(mt.nbytes)),
      octave_value(static_cast<double>(i.size)),
      octave_value(static_cast<double>(i.mode)),
      octave_value(static_cast<double>(i.uid)),
      octave_value(sync),
      sync ? octave_value(octave_uint64(i.generation)) : none,
      prov ? octave_value(static_cast<double>(i.creator_pid)) : none,
      alive >= 0 ? octave_value(alive == 1) : none,
      prov ? octave_value(sa_oct_iso8601(i.created_ns)) : none,
      prov ? octave_value(octave_uint64(i.created_ns)) : none,
      octave_value(who),
      octave_value(incomplete),
      stale >= 0 ? octave_value(stale == 1) : none};
    for (size_t f = 0; f < sizeof vals / sizeof vals[0]; f++) {
      Cell col = m.contents(fields[f]);
      col(k) = vals[f];
      m.setfield(fields[f], col);
    }
  }
  return octave_value(m);
}

/* Octave saves the workspace to octave-workspace when SIGTERM or SIGHUP
 * stops it (sigterm_dumps_octave_core, sighup_dumps_octave_core; both on
 * by default). A handle refuses to be saved (sharedarray:save), and that
 * error is thrown into the running script, which may catch it and go on:
 * the process would not stop. So loading the module turns both off, once
 * (a user may turn them back on afterwards). Never fails the load. */
static void sa_oct_no_signal_dumps() {
  for (const char *f : {"sigterm_dumps_octave_core", "sighup_dumps_octave_core"}) {
    try {
      octave::feval(f, octave_value_list(octave_value(false)), 0);
    } catch (...) {
    }
  }
}

/* One /proc scan, freed on every path. */
struct sa_oct_scan {
  sa_holders *h = nullptr;
  explicit sa_oct_scan(const std::string &fn) {
    const int rc = sa_holders_scan(&h);
    if (rc < 0) sa_oct_raise(fn.c_str(), rc);
  }
  ~sa_oct_scan() { sa_holders_free(h); }
  sa_oct_scan(const sa_oct_scan &) = delete;
  sa_oct_scan &operator=(const sa_oct_scan &) = delete;
};
%}

/* ------------------------------------------------------ the error role */
%typemap(out) sa_status {
  if ($1 < 0) sa_oct_raise(sa_oct_fn("$symname").c_str(), $1);
  $result = octave_value();  /* nothing: the argouts are the results */
}

/* ------------------------------------------------------- argument roles */
%typemap(in) const char *name (std::string tmp) {
  tmp = sa_oct_string(sa_oct_fn("$symname"), "NAME", $input);
  $1 = const_cast<char *>(tmp.c_str());
}
/* SHAPE: numpy's shape, [] for a 0-d array. */
%typemap(in) (int ndim, const int64_t *shape) (int64_t dimbuf[SA_MAXDIMS]) {
  const std::string fn = sa_oct_fn("$symname");
  const octave_value &v = $input;
  if (!(v.isnumeric() || v.islogical()) || v.iscomplex() ||
      (!v.isempty() && !v.dims().is_nd_vector() && v.numel() != 1))
    sa_oct_bad_arg(fn.c_str(), "SHAPE must be a vector of non-negative integers "
                   "(numpy's shape), not a %s", v.class_name().c_str());
  const NDArray sv = v.array_value();
  if (sv.numel() > SA_MAXDIMS)
    sa_oct_bad_arg(fn.c_str(), "SHAPE has %ld dimensions; the limit is %d",
                   static_cast<long>(sv.numel()), SA_MAXDIMS);
  for (octave_idx_type k = 0; k < sv.numel(); k++) {
    if (!(sv(k) >= 0) || sv(k) != std::floor(sv(k)) || sv(k) > 9.0e18)
      sa_oct_bad_arg(fn.c_str(), "SHAPE(%ld) = %g is not a non-negative integer",
                     static_cast<long>(k + 1), sv(k));
    dimbuf[k] = static_cast<int64_t>(sv(k));
  }
  $1 = static_cast<int>(sv.numel());
  $2 = dimbuf;
}
/* Before anything is created (arg1: create's NAME, the argument before). */
%typemap(check) (int ndim, const int64_t *shape) {
  sa_oct_check_dims(sa_oct_fn("$symname"), arg1, $1, $2);
}
/* DTYPE: numpy's spelling or an Octave class name; [] for float64. Every
 * Octave class name is numpy's too, except logical. */
%typemap(in) const char *dtype (std::string tmp) {
  tmp = $input.isempty() ? "float64" : sa_oct_string(sa_oct_fn("$symname"), "DTYPE", $input);
  if (tmp == "logical") tmp = "bool";
  $1 = const_cast<char *>(tmp.c_str());
}
/* ORDER: one character, [] for 'C'; the core checks which. */
%typemap(in) char order {
  const std::string fn = sa_oct_fn("$symname");
  const std::string s = $input.isempty() ? "C" : sa_oct_string(fn, "ORDER", $input);
  if (s.size() != 1)
    sa_oct_bad_arg(fn.c_str(), "invalid order '%s': ORDER must be 'C' or 'F' "
                   "(or lowercase 'c' or 'f')", s.c_str());
  $1 = s[0];
}
/* MODE: a number, or octal digits in a string (sa_mode_parse); [] or 0
 * for the default, 0600. The core refuses bits above 0777. */
%typemap(in) unsigned mode {
  const std::string fn = sa_oct_fn("$symname");
  $1 = 0;
  if ($input.is_string()) {
    const int rc = sa_mode_parse(sa_oct_string(fn, "MODE", $input).c_str(), &$1);
    if (rc < 0) sa_oct_raise(fn.c_str(), rc);
  } else if (!$input.isempty()) {
    $1 = static_cast<unsigned>(sa_oct_whole(fn, $input, 4294967295.0,
        "MODE must be permission bits: a number from 0 to 511 (0777; e.g. 384 "
        "for 0600) or octal digits in a string ('0640')",
        "MODE %g is not permission bits: give a number from 0 to 511 (0777; "
        "e.g. 384 for 0600) or octal digits in a string ('0640')"));
  }
}
/* create's options: {'lazy', tf, 'populate', tf}. */
%typemap(in) unsigned create_flags {
  static const char *const names[] = {"lazy", "populate"};
  octave_value v[2];
  const std::string fn = sa_oct_fn("$symname");
  sa_oct_options(fn, $input, names, 2, v);
  $1 = (sa_oct_bool(fn, "LAZY", v[0]) ? SA_CREATE_LAZY : 0) |
       (sa_oct_bool(fn, "POPULATE", v[1]) ? SA_CREATE_POPULATE : 0);
}
/* attach's options: {'ro', tf, 'populate', tf, 'owner', who}. OWNER: [] or
 * false (no check), true (the caller's effective uid), a uid, or a user
 * name or a string of digits (sa_owner_parse). */
%typemap(in) (unsigned attach_flags, unsigned owner) {
  static const char *const names[] = {"ro", "populate", "owner"};
  octave_value v[3];
  const std::string fn = sa_oct_fn("$symname");
  sa_oct_options(fn, $input, names, 3, v, "RO must be true or false, and ");
  $1 = (sa_oct_bool(fn, "RO", v[0]) ? SA_ATTACH_RDONLY : 0) |
       (sa_oct_bool(fn, "POPULATE", v[1]) ? SA_ATTACH_POPULATE : 0);
  $2 = SA_OWNER_ANY;
  const octave_value &who = v[2];
  if (who.islogical()) {
    if (sa_oct_bool(fn, "OWNER", who)) $1 |= SA_ATTACH_OWNED;
  } else if (who.is_string()) {  /* '' too: a computed name must not skip it */
    if (sa_owner_parse(sa_oct_string(fn, "OWNER", who).c_str(), &$2) < 0)
      sa_oct_bad_arg(fn.c_str(), "OWNER: %s", sa_errmsg_safe());
  } else if (!who.isempty()) {
    $2 = static_cast<unsigned>(sa_oct_whole(fn, who, 4294967294.0,
        "OWNER must be true, false, a uid or a user name",
        "OWNER %g is not a uid (an integer from 0 to 4294967294)"));
  }
}
/* delete's option: true, or 'force'. */
%typemap(in) unsigned delete_flags {
  const std::string fn = sa_oct_fn("$symname");
  if ($input.is_string() && strcasecmp(sa_oct_string(fn, "FORCE", $input).c_str(), "force"))
    sa_oct_bad_arg(fn.c_str(), "expected 'force' or true/false, not '%s'",
                   $input.string_value().c_str());
  $1 = ($input.is_string() || sa_oct_bool(fn, "FORCE", $input)) ? SA_DELETE_FORCE : 0;
}
/* WHERE: 'file://DIR' (or a directory), '' or [] for /dev/shm. */
%typemap(in) const char *where (std::string tmp) {
  if (!$input.isempty()) tmp = sa_oct_string(sa_oct_fn("$symname"), "WHERE", $input);
  $1 = const_cast<char *>(tmp.c_str());
}
/* An array (h.msync(...) passes h itself): the mapped array, or an error. */
%typemap(in) sa_array *array {
  sa_octave_array *h = sa_oct_handle_of($input);
  if (!h)
    sa_oct_bad_arg(sa_oct_fn("$symname").c_str(), "needs a SharedArray handle "
                   "(from sharedarray_create or sharedarray_attach)");
  $1 = h->arr();  /* sharedarray:closed once closed */
}
%typemap(default) int msync_flags { $1 = SA_MS_SYNC; }
%typemap(in) int msync_flags {
  $1 = static_cast<int>(sa_oct_whole(sa_oct_fn("$symname"), $input, 2147483647.0,
      "FLAGS must be MS_SYNC, MS_ASYNC and/or MS_INVALIDATE",
      "FLAGS %g is not MS_SYNC, MS_ASYNC and/or MS_INVALIDATE"));
}

/* ------------------------------------------------ synchronisation roles */
/* TIMEOUT in seconds: omitted, [] or Inf for none, 0 to only try. */
%typemap(default) int timeout_ms { $1 = -1; }
%typemap(in) int timeout_ms {
  $1 = sa_oct_timeout_ms(sa_oct_fn("$symname").c_str(), $input);
}
/* SINCE: a generation, uint64 or any whole number >= 0. Required: the
 * default typemap only lets a missing SINCE reach this wrapper, which
 * then names it (SWIG's own count check says "requires at least 2
 * arguments", with no identifier). */
%typemap(default) uint64_t since {
  if (args.length() < $argnum)
    sa_oct_bad_arg(sa_oct_fn("$symname").c_str(), "SINCE is missing: h.wait "
                   "(since[, timeout]) needs the generation to wait past (g = "
                   "h.generation (), or what the last h.wait returned)");
  $1 = 0;
}
%typemap(in) uint64_t since {
  $1 = sa_oct_generation_arg(sa_oct_fn("$symname").c_str(), "SINCE", $input);
}
/* The generation: uint64 (exact; a double would round above 2^53). */
%typemap(in, numinputs=0) uint64_t *generation_out (uint64_t tmp = 0) { $1 = &tmp; }
%typemap(argout) uint64_t *generation_out {
  $result = SWIG_Octave_AppendOutput($result, octave_value(octave_uint64(*$1)));
}
/* lock: true, and a second output, died: true (with the warning
 * sharedarray:ownerdied) when the previous holder died holding it. The
 * first output is appended here, the second is $result (which the wrapper
 * appends next). */
%typemap(out) sa_lock_status {
  if ($1 < 0) sa_oct_raise(sa_oct_fn("$symname").c_str(), $1);
  if ($1 == SA_LOCK_OWNER_DIED) {
    try {  /* warning ('error', 'sharedarray:ownerdied') makes it an error */
      sa_oct_warn_owner_died(sa_oct_fn("$symname").c_str(), arg1);
    } catch (...) {
      (void)sa_unlock(arg1);  /* an error leaves the lock as it found it */
      throw;
    }
  }
  _outp = SWIG_Octave_AppendOutput(_outp, octave_value(true));
  $result = octave_value($1 == SA_LOCK_OWNER_DIED);
}
/* The lock and the wait in slices, answering Ctrl-C, raising
 * sharedarray:timeout with the whole timeout in the message. */
%exception sa_lock {
  result = (sa_lock_status)sa_oct_lock(sa_oct_fn("$symname").c_str(), arg1, arg2);
}
%exception sa_wait {
  *arg4 = sa_oct_wait(sa_oct_fn("$symname").c_str(), arg1, arg2, arg3);
  result = 0;
}

/* ---------------------------------------------------------- result roles */
/* view-out: the handle, which owns the mapping from here on. */
%typemap(in, numinputs=0) sa_array **out (sa_array *tmp = nullptr) { $1 = &tmp; }
%typemap(argout) sa_array **out {
  octave_value v = sa_oct_wrap_handle(new sa_octave_array(*$1), $descriptor(sa_octave_array *));
  sa_oct_check_dims(sa_oct_fn("$symname"), sa_name(*$1), sa_ndim(*$1), sa_shape(*$1));
  $result = SWIG_Octave_AppendOutput($result, v);
}
/* info: a struct (name, shape, dtype, order, class, nbytes, size, mode, uid,
 * has_sync, generation, creator_pid, creator_alive, created, created_ns,
 * holders, holders_incomplete, stale). */
%typemap(in, numinputs=0) sa_info *info_out (sa_info tmp) { $1 = &tmp; }
%typemap(argout) sa_info *info_out {
  sa_oct_scan scan(sa_oct_fn("$symname"));
  $result = SWIG_Octave_AppendOutput($result, sa_oct_records(std::vector<sa_info>(1, *$1), scan.h));
}
/* list: an N-by-1 struct array of the same records; the list is closed on
 * every path. */
%typemap(in, numinputs=0) sa_list **list_out (sa_list *tmp = nullptr) { $1 = &tmp; }
%typemap(argout) sa_list **list_out {
  std::unique_ptr<sa_list, void (*)(sa_list *)> l(*$1, sa_list_close);
  std::vector<sa_info> found;
  sa_info in;
  int rc;
  while ((rc = sa_list_next(l.get(), &in)) > 0) found.push_back(in);
  if (rc < 0) sa_oct_raise(sa_oct_fn("$symname").c_str(), rc);
  sa_oct_scan scan(sa_oct_fn("$symname"));
  $result = SWIG_Octave_AppendOutput($result, sa_oct_records(found, scan.h));
}

/* ------------------------------------------------------ the handle class */
/* Pass Octave values straight through. */
%typemap(in) const octave_value & (octave_value tmp) {
  tmp = $input;
  $1 = &tmp;
}
%typemap(out) octave_value {
  $result = $1;
}
%typemap(out) std::string {
  $result = octave_value($1);
}
%typemap(out) bool {
  $result = octave_value($1);
}

/* Index operators take every remaining argument, and possibly none (h()):
 * SWIG's own varargs typemap would demand at least one. */
%typemap(in, numinputs=0) (const octave_value_list &varargs, ...) (octave_value_list tmp) {
  if (!$1) { /* SWIG emits a numinputs=0 typemap twice; collect once */
    for (int j = $argnum - 1; j < args.length(); ++j)
      tmp.append(args(j));
    $1 = &tmp;
  }
}

/* Users never construct a handle directly, and SWIG gets no destructor
 * for it (the header hides it from SWIG): a SWIG destructor would be
 * exported as the public function delete_sharedarray_handle, which freed
 * the object under live values. sa_oct_wrap_handle gives the object to an
 * sa_oct_swig_type, which deletes it with the last value. */
%rename(sharedarray_handle) sa_octave_array;
%nodefaultctor sa_octave_array;
%nodefaultdtor sa_octave_array;
%nocopyctor sa_octave_array;

/* The object of a method call: the handle's own, read from its value
 * directly (SWIG's conversion would take a 0x0 handle, a closed one or an
 * empty array, for a NULL pointer, since a handle is a matrix to Octave). */
%typemap(in) sa_octave_array *self, const sa_octave_array *self {
  $1 = sa_oct_handle_of($input);
}

/* A method called as a function with [] (sharedarray_handle_read([])) or
 * on SWIG's class object gets no object: refuse, never call through NULL. */
%typemap(check) sa_octave_array *self, const sa_octave_array *self {
  if (!$1)
    error_with_id("sharedarray:invalid", "sharedarray: $symname needs a "
                  "SharedArray handle (from sharedarray_create or "
                  "sharedarray_attach)");
}

%feature("docstring") sa_octave_array "Handle to one mapped SharedArray.
It works as a matrix of its class (any, if h, operators, sum, abs, ...,
on a native copy). h(i,j,...) reads a copy of the selection;
h(i,j,...) = v writes into the shared memory. size(h), numel(h), ndims(h) give the Octave view's shape
(numpy's shape reversed for C-order arrays). double(h) or h.read() copy
everything; h.read_numpy() copies in numpy's logical shape. Also
h.dtype(), h.classname(), h.shape(), h.order(), h.name(),
h.isreadonly(), h.msync([flags]), h.mlock(), h.munlock(), h.close(),
h.isclosed(), h.lock([timeout]), h.unlock(), h.notify(),
h.wait(since[, timeout]), h.generation(), h.snapshot([timeout]). A handle cannot be saved with save.
See help sharedarray_attach.";

%include "sa_octave_array.h"

/* SWIG installs its class object (sharedarray_handle, a handle without an
 * object) and an empty variable namespace (cvar) as global variables;
 * neither has a use here (no constructor, no C variables), so leave them
 * out rather than hand out objects whose methods have nothing to act on.
 * The surface's msync, mlock, munlock, lock, unlock, notify, wait and
 * generation become methods of every handle
 * (h.msync(flags) calls __sharedarray_msync__ (h, flags)). SIGTERM and
 * SIGHUP no longer dump the workspace (sa_oct_no_signal_dumps). */
%init %{
  module_ns->assign("sharedarray_handle", octave_value());
  module_ns->assign(SWIG_global_name, octave_value());
  for (int j = 0; swig_globals[j].name; ++j) sa_oct_bind_method(swig_globals[j]);
  sa_oct_no_signal_dumps();
%}
