/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_ref.h -- how a handle lives inside Octave values. Included only
 * by the SWIG-generated wrapper (sa_octave.i), after SWIG's Octave runtime,
 * whose classes octave_swig_type and octave_swig_ref it extends.
 *
 * SWIG's own scheme has three faults for us, each a crash:
 *   - its destructor is a public function (delete_<class>) that frees the
 *     object while Octave values still point to it;
 *   - it saves a handle as nothing at all (save -text writes only the type
 *     line) and loads one by calling through a NULL pointer;
 *   - an empty clone of a handle (what Octave makes for x(2) = h when x is
 *     undefined) is a NULL pointer that the next call dereferences.
 * So:
 *   - sa_oct_swig_type holds the sa_octave_array and deletes it in its own
 *     destructor, which runs when the last Octave value referring to it is
 *     cleared. SWIG is told it does not own the object and is given no
 *     destructor, so it neither exports nor calls one. (Not owning also
 *     makes SWIG's subclass() refuse a handle: it would disown it.)
 *   - sa_oct_ref, the value that Octave variables hold, refuses to be saved
 *     (sharedarray:save) in every format that asks the value to write
 *     itself, refuses to be loaded (sharedarray:load), and its empty clone
 *     refuses every use instead of crashing. It also refuses h.field = v,
 *     which would otherwise replace the handle's methods.
 *   - the .oct pins itself in memory (RTLD_NODELETE), so that clearing its
 *     functions never unmaps code that live handles still use;
 *   - the loader's prototype for Octave's type "swig_ref" is an sa_oct_ref,
 *     registered when the .oct is loaded (before SWIG's own registration,
 *     which then reuses it), so a file that holds a "swig_ref" entry (one
 *     written by an older version, or left by a save that failed) loads
 *     with a clean error instead of a crash.
 */
#ifndef SA_OCTAVE_REF_H
#define SA_OCTAVE_REF_H

#include <dlfcn.h>

#include <octave/interpreter.h>
#include <octave/ov-typeinfo.h>

#include "sa_octave_array.h"
#include "sa_octave_errors.h"

/* The SWIG object of one handle: owns the sa_octave_array. */
class sa_oct_swig_type : public octave_swig_type {
 public:
  sa_oct_swig_type(sa_octave_array *h, swig_type_info *type)
      : octave_swig_type(h, type, 0 /* SWIG does not own it */), h_(h) {}
  ~sa_oct_swig_type() { delete h_; }

  const sa_octave_array *handle() const { return h_; }

  /* Reached through SWIG's octave_swig_ref, which forwards these two. */
  bool save_ascii(std::ostream &) override { sa_oct_refuse_save(h_->name().c_str()); }
  octave_map map_value() const override { sa_oct_refuse_struct(h_->name().c_str()); }

 private:
  sa_octave_array *h_;
};

/* The Octave value of a handle (or, with no object, the loader's prototype
 * and empty clones, which refuse everything). */
class sa_oct_ref : public octave_swig_ref {
 public:
  sa_oct_ref() : octave_swig_ref(nullptr) {}
  explicit sa_oct_ref(octave_swig_type *t) : octave_swig_ref(t) {}

  octave_base_value *clone() const override {
    if (get_ptr()) get_ptr()->incref();
    return new sa_oct_ref(get_ptr());
  }
  octave_base_value *empty_clone() const override { return new sa_oct_ref(); }

  dim_vector dims() const override {
    return get_ptr() ? octave_swig_ref::dims() : dim_vector(0, 0);
  }
  bool is_defined() const override { return true; }

  octave_value subsref(const std::string &ops,
                       const std::list<octave_value_list> &idx) override {
    check_object();
    return octave_swig_ref::subsref(ops, idx);
  }
  octave_value_list subsref(const std::string &ops,
                            const std::list<octave_value_list> &idx,
                            int nargout) override {
    check_object();
    return octave_swig_ref::subsref(ops, idx, nargout);
  }
  /* SWIG's subsasgn answers a fresh octave_swig_ref; answering our own
   * class instead keeps every variable that holds a handle an sa_oct_ref. */
  octave_value subsasgn(const std::string &ops,
                        const std::list<octave_value_list> &idx,
                        const octave_value &rhs) override {
    check_object();
    if (!ops.empty() && ops[0] == '.')
      error_with_id("sharedarray:invalid",
                    "sharedarray: a handle has no fields to assign (h.%s = ...); "
                    "write the array's elements with h(i) = v",
                    idx.front().length() > 0 && idx.front()(0).is_string()
                        ? idx.front()(0).string_value().c_str() : "?");
    octave_swig_ref::subsasgn(ops, idx, rhs);
    return octave_value(clone());
  }
  octave_value undef_subsasgn(const std::string &ops,
                              const std::list<octave_value_list> &idx,
                              const octave_value &rhs) override {
    check_object();
    return subsasgn(ops, idx, rhs);
  }
  octave_map map_value() const override {
    check_object();
    return octave_swig_ref::map_value();
  }
  void print(std::ostream &os, bool pr_as_read_syntax = false) override {
    if (get_ptr()) {
      octave_swig_ref::print(os, pr_as_read_syntax);
    } else {
      indent(os);
      os << "<no SharedArray handle>";
      newline(os);
    }
  }

  /* Octave 7's signatures (SWIG's octave_swig_ref declares other ones for
   * these, or none without HAVE_HDF5). */
  bool save_ascii(std::ostream &) override { refuse_save(); }
  bool save_binary(std::ostream &, bool) override { refuse_save(); }
  /* HDF5: Octave's caller has open HDF5 objects that only its own cleanup
   * closes, so answer false as its protocol wants (it then raises "save:
   * error while writing 'h' to hdf5 file"), after saying why. */
  bool save_hdf5(octave_hdf5_id, const char *, bool) override {
    const sa_octave_array *h = handle();
    warning_with_id("sharedarray:save", "%s",
                    sa_oct_save_message(h ? h->name().c_str() : nullptr).c_str());
    return false;
  }
  bool load_ascii(std::istream &) override { sa_oct_refuse_load(); }
  bool load_binary(std::istream &, bool, octave::mach_info::float_format) override {
    sa_oct_refuse_load();
  }
  bool load_hdf5(octave_hdf5_id, const char *) override { sa_oct_refuse_load(); }

 private:
  /* The handle's own object, or NULL for SWIG's other objects. */
  const sa_octave_array *handle() const {
    const sa_oct_swig_type *t = dynamic_cast<const sa_oct_swig_type *>(get_ptr());
    return t ? t->handle() : nullptr;
  }
  OCTAVE_NORETURN void refuse_save() const {
    const sa_octave_array *h = handle();
    sa_oct_refuse_save(h ? h->name().c_str() : nullptr);
  }
  /* An empty clone (x(2) = h with x undefined, [h h]...) has no object. */
  void check_object() const {
    if (!get_ptr())
      error_with_id("sharedarray:invalid",
                    "sharedarray: a handle cannot be an element of an array "
                    "(x(k) = h); keep handles in a cell array (c{k} = h) or "
                    "a struct field");
  }
};

/* The value that create and attach return: takes ownership of h. */
static octave_value sa_oct_wrap_handle(sa_octave_array *h, swig_type_info *type) {
  sa_oct_swig_type *t = nullptr;
  try {
    t = new sa_oct_swig_type(h, type);
  } catch (...) {
    delete h;
    throw;
  }
  return octave_value(new sa_oct_ref(t));  /* takes t's first reference */
}

/* Registers the "swig_ref" type with an sa_oct_ref prototype, unless it is
 * registered already (by another SWIG module: its prototype stays, and only
 * loading a saved handle is then unprotected). Runs when the .oct is loaded,
 * before SWIG's module function, which finds the type and reuses its id. */
static void sa_oct_register_ref_type() {
  octave::interpreter *interp = octave::interpreter::the_interpreter();
  if (!interp) return;
  octave::type_info &ti = interp->get_type_info();
  const string_vector names = ti.installed_type_names();
  for (octave_idx_type i = 0; i < names.numel(); i++)
    if (names(i) == "swig_ref") return;
  const int id = ti.register_type("swig_ref", "swig_ref", octave_value(new sa_oct_ref()));
  octave_swig_ref::set_type_id(id);
}

/* Keeps this .oct mapped until the process ends. Octave unloads an .oct
 * once its functions are cleared (munlock ('sharedarray'); clear
 * sharedarray), but handles, the "swig_ref" prototype and SWIG's type
 * tables live on in variables and in the interpreter and point into this
 * code: unmapping it made the next use of any handle a SIGSEGV. */
static void sa_oct_pin_module() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&sa_oct_pin_module), &info) && info.dli_fname)
    (void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

namespace {
struct sa_oct_ref_registrar {
  sa_oct_ref_registrar() {
    sa_oct_pin_module();
    try {
      sa_oct_register_ref_type();
    } catch (...) {
      /* no interpreter state to register with: SWIG registers its own */
    }
  }
} sa_oct_ref_registrar_instance;
}  // namespace

#endif /* SA_OCTAVE_REF_H */
