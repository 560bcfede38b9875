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

#include <cstring>
#include <initializer_list>
#include <utility>

#include <octave/interpreter.h>
#include <octave/ov-typeinfo.h>

#include "sa_octave_array.h"
#include "sa_octave_errors.h"
#include "sa_octave_value.h"

/* The surface's msync, mlock, munlock, lock, unlock, notify, wait and
 * generation wrappers (sa_surface.i), as methods of every handle:
 * h.msync(flags) calls __sharedarray_msync__ with h as its array. Filled
 * in when the module loads (sa_octave.i's %init), from SWIG's table of the
 * module's functions. */
static const char *const sa_oct_method_names[] = {
  "msync", "mlock", "munlock", "lock", "unlock", "notify", "wait", "generation"};
static const int sa_oct_nmethods =
    sizeof sa_oct_method_names / sizeof sa_oct_method_names[0];
static swig_octave_member sa_oct_methods[sa_oct_nmethods + 1];  /* NULL-terminated */
static void sa_oct_bind_method(const swig_octave_member &g) {
  const char *const *names = sa_oct_method_names;
  for (int k = 0; k < sa_oct_nmethods; k++)
    if (std::string(g.name) == std::string("__sharedarray_") + names[k] + "__") {
      sa_oct_methods[k] = g;
      sa_oct_methods[k].name = names[k];
      sa_oct_methods[k].flags = 0;  /* a method: the handle comes first */
    }
}

/* The SWIG object of one handle: owns the sa_octave_array. */
class sa_oct_swig_type : public octave_swig_type {
 public:
  sa_oct_swig_type(sa_octave_array *h, swig_type_info *type)
      : octave_swig_type(h, type, 0 /* SWIG does not own it */), h_(h) {
    for (const swig_octave_member *m = sa_oct_methods; m->name; ++m) assign(m->name, m);
  }
  ~sa_oct_swig_type() { delete h_; }

  const sa_octave_array *handle() const { return h_; }

  /* Reached through SWIG's octave_swig_ref, which forwards these two. */
  bool save_ascii(std::ostream &) override { sa_oct_refuse_save(h_->name().c_str()); }
  octave_map map_value() const override { sa_oct_refuse_struct(h_->name().c_str()); }

 private:
  sa_octave_array *h_;
};

/* The Octave value of a handle (or, with no object, the loader's prototype
 * and empty clones, which refuse everything).
 *
 * It behaves as a matrix of the mapped class (sa_octave_value.h):
 *   - class(h), isa, isnumeric, isreal, isfloat, is_single_type ... and
 *     builtin_type() answer for the mapped class, so built-ins and m-files
 *     take the path they take for that matrix;
 *   - every value extraction (array_value, float_array_value, bool_value,
 *     int32_array_value ...), as_double ... as_uint64, and the structural
 *     functions (reshape, permute, squeeze, sort, diag, any, all, is_true,
 *     map for abs/sqrt/isnan/real/conj..., index_vector, nnz) answer from a
 *     native copy (double(h) and single(h) are converted in one pass);
 *   - unary and binary operators (registered for this type, see
 *     sa_oct_install_ops) and numeric_conversion_function hand Octave a
 *     native copy, so h+1, h', h>5, h*M, M(i) = h ... are native results;
 *   - h(i...) reads and h(i...) = v writes the shared memory directly, and
 *     h.method() reaches SWIG's methods;
 *   - what would replace or resize the variable (h(i) = [], h(end+1) = v,
 *     h += v, h++) raises sharedarray:unsupported, never detaches h. */
class sa_oct_ref : public octave_swig_ref {
 public:
  sa_oct_ref() : octave_swig_ref(nullptr) {}
  explicit sa_oct_ref(octave_swig_type *t) : octave_swig_ref(t) {}

  octave_base_value *clone() const override {
    if (get_ptr()) get_ptr()->incref();
    return new sa_oct_ref(get_ptr());
  }
  octave_base_value *empty_clone() const override { return new sa_oct_ref(); }

  /* The handle's own object, or NULL for SWIG's other objects. */
  const sa_octave_array *handle() const {
    const sa_oct_swig_type *t = dynamic_cast<const sa_oct_swig_type *>(get_ptr());
    return t ? t->handle() : nullptr;
  }
  sa_octave_array *handle() {
    const sa_oct_swig_type *t = dynamic_cast<const sa_oct_swig_type *>(get_ptr());
    return t ? const_cast<sa_octave_array *>(t->handle()) : nullptr;
  }
  /* The handle, or an error for an empty clone. */
  const sa_octave_array &hv() const {
    check_object();
    const sa_octave_array *h = handle();
    if (!h)
      error_with_id("sharedarray:invalid", "sharedarray: not a SharedArray handle");
    return *h;
  }
  /* The handle, for reading its values; refused while save runs: save's
   * MAT writers read a value through the same conversions (array_value
   * ...) as any built-in, and a handle is never written to a file. */
  const sa_octave_array &vals() const {
    const sa_octave_array &h = hv();
    if (saving()) sa_oct_refuse_save(h.name().c_str());
    return h;
  }
  /* True while the built-in save runs: a handle then answers as the SWIG
   * object it is (not numeric, an object), so that every writer refuses
   * it or skips it, as before handles behaved as matrices. */
  static bool saving() {
    octave::interpreter *interp = octave::interpreter::the_interpreter();
    if (!interp) return false;
    const octave_function *f = interp->get_evaluator().current_function();
    return f && f->is_builtin_function() && f->name() == "save";
  }
  /* A native copy of the whole array (the Octave view). */
  octave_value nat() const { return vals().read(); }

  dim_vector dims() const override {
    const sa_octave_array *h = handle();
    if (h) return h->isclosed() ? dim_vector(0, 0) : h->octave_dims();
    return get_ptr() ? octave_swig_ref::dims() : dim_vector(0, 0);
  }
  bool is_defined() const override { return true; }

  /* ---------------------------------------------- what class it is */
  std::string class_name() const override {
    const sa_octave_array *h = handle();
    return h && !saving() ? std::string(h->cls()) : octave_swig_ref::class_name();
  }
#define SA_PRED(NAME, EXPR)                                  \
  bool NAME() const override {                               \
    const sa_octave_array *h = handle();                     \
    if (!h || saving()) return octave_swig_ref::NAME();      \
    const std::string c = h->cls();                          \
    const bool cx = h->is_complex();                         \
    (void)cx;                                                \
    return (EXPR);                                           \
  }
  SA_PRED(isnumeric, c != "logical")
  SA_PRED(islogical, c == "logical")
  SA_PRED(is_bool_matrix, c == "logical")
  SA_PRED(isreal, !cx)
  SA_PRED(iscomplex, cx)
  SA_PRED(is_double_type, c == "double")
  SA_PRED(is_single_type, c == "single")
  SA_PRED(isfloat, c == "double" || c == "single")
  SA_PRED(isinteger, c.find("int") != std::string::npos)
  SA_PRED(is_int8_type, c == "int8")
  SA_PRED(is_int16_type, c == "int16")
  SA_PRED(is_int32_type, c == "int32")
  SA_PRED(is_int64_type, c == "int64")
  SA_PRED(is_uint8_type, c == "uint8")
  SA_PRED(is_uint16_type, c == "uint16")
  SA_PRED(is_uint32_type, c == "uint32")
  SA_PRED(is_uint64_type, c == "uint64")
  SA_PRED(is_real_matrix, !cx && (c == "double" || c == "single"))
  SA_PRED(is_complex_matrix, cx)
  SA_PRED(is_matrix_type, !h->isclosed())
  SA_PRED(is_constant, true)
#undef SA_PRED
  bool is_scalar_type() const override { return false; }
  bool isobject() const override {
    return handle() && !saving() ? false : octave_swig_ref::isobject();
  }
  bool isstruct() const override {
    return handle() && !saving() ? false : octave_swig_ref::isstruct();
  }
  bool is_string() const override {
    return handle() && !saving() ? false : octave_swig_ref::is_string();
  }
  builtin_type_t builtin_type() const override {
    const sa_octave_array *h = handle();
    if (!h || saving()) return btyp_unknown;
    const std::string c = h->cls();
    if (c == "double") return h->is_complex() ? btyp_complex : btyp_double;
    if (c == "single") return h->is_complex() ? btyp_float_complex : btyp_float;
    if (c == "logical") return btyp_bool;
    if (c == "int8") return btyp_int8;
    if (c == "int16") return btyp_int16;
    if (c == "int32") return btyp_int32;
    if (c == "int64") return btyp_int64;
    if (c == "uint8") return btyp_uint8;
    if (c == "uint16") return btyp_uint16;
    if (c == "uint32") return btyp_uint32;
    if (c == "uint64") return btyp_uint64;
    return btyp_unknown;
  }
  std::size_t byte_size() const override {
    const sa_octave_array *h = handle();
    if (!h || h->isclosed()) return 0;
    return static_cast<std::size_t>(numel()) * sa_oct_class_bytes(h->cls(), h->is_complex());
  }

  /* Operators and built-ins that need a native matrix get a copy. */
  type_conv_info numeric_conversion_function() const override {
    const sa_octave_array *h = handle();
    if (!h) return octave_swig_ref::numeric_conversion_function();
    return type_conv_info(native_conversion, sa_oct_matrix_type_id(h->cls(), h->is_complex()));
  }

  /* ------------------------------------ native answers, from a copy */
  bool is_true() const override { return nat().is_true(); }
  octave_value all(int dim = 0) const override { return nat().all(dim); }
  octave_value any(int dim = 0) const override { return nat().any(dim); }
  octave_value squeeze() const override { return nat().squeeze(); }
  octave_value full_value() const override { return nat(); }
  octave_value reshape(const dim_vector &dv) const override { return nat().reshape(dv); }
  octave_value permute(const Array<int> &vec, bool inv = false) const override {
    return nat().permute(vec, inv);
  }
  octave_value resize(const dim_vector &dv, bool fill = false) const override {
    return nat().resize(dv, fill);
  }
  octave::idx_vector index_vector(bool require_integers = false) const override {
    return nat().index_vector(require_integers);
  }
  octave_idx_type nnz() const override { return nat().nnz(); }
  octave_idx_type nzmax() const override { return nat().nzmax(); }
  octave_value diag(octave_idx_type k = 0) const override { return nat().diag(k); }
  octave_value diag(octave_idx_type m, octave_idx_type n) const override {
    return nat().diag(m, n);
  }
  octave_value sort(octave_idx_type dim = 0, sortmode mode = ASCENDING) const override {
    return nat().sort(dim, mode);
  }
  octave_value sort(Array<octave_idx_type> &sidx, octave_idx_type dim = 0,
                    sortmode mode = ASCENDING) const override {
    return nat().sort(sidx, dim, mode);
  }
  sortmode issorted(sortmode mode = UNSORTED) const override { return nat().issorted(mode); }
  Array<octave_idx_type> sort_rows_idx(sortmode mode = ASCENDING) const override {
    return nat().sort_rows_idx(mode);
  }
  sortmode is_sorted_rows(sortmode mode = UNSORTED) const override {
    return nat().is_sorted_rows(mode);
  }
  octave_value map(unary_mapper_t umap) const override { return nat().map(umap); }
  octave_value convert_to_str(bool pad = false, bool force = false,
                              char type = '\'') const override {
    return nat().convert_to_str(pad, force, type);
  }
  octave_value convert_to_str_internal(bool pad, bool force, char type) const override {
    return nat().convert_to_str_internal(pad, force, type);
  }
  int write(octave::stream &os, int block_size, oct_data_conv::data_type output_type,
            int skip, octave::mach_info::float_format flt_fmt) const override {
    return nat().write(os, block_size, output_type, skip, flt_fmt);
  }
  mxArray *as_mxArray(bool interleaved) const override {
    return nat().as_mxArray(interleaved);
  }

  /* Conversions: double(h), single(h), int8(h) ... one pass. */
#define SA_AS(NAME, CLS)                                            \
  octave_value NAME() const override {                              \
    octave_value v = vals().read_as(CLS);                           \
    return v.is_defined() ? v : nat().NAME();                       \
  }
  SA_AS(as_double, "double")
  SA_AS(as_single, "single")
  SA_AS(as_int8, "int8")
  SA_AS(as_int16, "int16")
  SA_AS(as_int32, "int32")
  SA_AS(as_int64, "int64")
  SA_AS(as_uint8, "uint8")
  SA_AS(as_uint16, "uint16")
  SA_AS(as_uint32, "uint32")
  SA_AS(as_uint64, "uint64")
#undef SA_AS
  /* Real arrays only: a complex one goes through Octave's own rules for
   * taking its real part (frc). */
  NDArray array_value(bool frc = false) const override {
    const sa_octave_array &h = vals();
    octave_value v = h.is_complex() ? octave_value() : h.read_as("double");
    return v.is_defined() ? v.array_value() : nat().array_value(frc);
  }
  FloatNDArray float_array_value(bool frc = false) const override {
    const sa_octave_array &h = vals();
    octave_value v = h.is_complex() ? octave_value() : h.read_as("single");
    return v.is_defined() ? v.float_array_value() : nat().float_array_value(frc);
  }
#define SA_FWD(TYPE, NAME)                                                   \
  TYPE NAME(bool frc = false) const override { return nat().NAME(frc); }
#define SA_FWD2(TYPE, NAME)                                                  \
  TYPE NAME(bool a1 = false, bool a2 = false) const override {               \
    return nat().NAME(a1, a2);                                               \
  }
#define SA_FWD0(TYPE, NAME)                                                  \
  TYPE NAME() const override { return nat().NAME(); }
  SA_FWD2(short int, short_value)
  SA_FWD2(unsigned short int, ushort_value)
  SA_FWD2(int, int_value)
  SA_FWD2(unsigned int, uint_value)
  SA_FWD2(long int, long_value)
  SA_FWD2(unsigned long int, ulong_value)
  SA_FWD2(int64_t, int64_value)
  SA_FWD2(uint64_t, uint64_value)
  int nint_value(bool frc = false) const override { return nat().nint_value(frc); }
  SA_FWD(double, double_value)
  SA_FWD(float, float_value)
  SA_FWD(double, scalar_value)
  SA_FWD(float, float_scalar_value)
  SA_FWD(Matrix, matrix_value)
  SA_FWD(FloatMatrix, float_matrix_value)
  SA_FWD(Complex, complex_value)
  SA_FWD(FloatComplex, float_complex_value)
  SA_FWD(ComplexMatrix, complex_matrix_value)
  SA_FWD(FloatComplexMatrix, float_complex_matrix_value)
  SA_FWD(ComplexNDArray, complex_array_value)
  SA_FWD(FloatComplexNDArray, float_complex_array_value)
  SA_FWD(bool, bool_value)
  SA_FWD(boolMatrix, bool_matrix_value)
  SA_FWD(boolNDArray, bool_array_value)
  SA_FWD(charMatrix, char_matrix_value)
  SA_FWD(charNDArray, char_array_value)
  SA_FWD(SparseMatrix, sparse_matrix_value)
  SA_FWD(SparseComplexMatrix, sparse_complex_matrix_value)
  SA_FWD(SparseBoolMatrix, sparse_bool_matrix_value)
  SA_FWD0(octave_int8, int8_scalar_value)
  SA_FWD0(octave_int16, int16_scalar_value)
  SA_FWD0(octave_int32, int32_scalar_value)
  SA_FWD0(octave_int64, int64_scalar_value)
  SA_FWD0(octave_uint8, uint8_scalar_value)
  SA_FWD0(octave_uint16, uint16_scalar_value)
  SA_FWD0(octave_uint32, uint32_scalar_value)
  SA_FWD0(octave_uint64, uint64_scalar_value)
  SA_FWD0(int8NDArray, int8_array_value)
  SA_FWD0(int16NDArray, int16_array_value)
  SA_FWD0(int32NDArray, int32_array_value)
  SA_FWD0(int64NDArray, int64_array_value)
  SA_FWD0(uint8NDArray, uint8_array_value)
  SA_FWD0(uint16NDArray, uint16_array_value)
  SA_FWD0(uint32NDArray, uint32_array_value)
  SA_FWD0(uint64NDArray, uint64_array_value)
  SA_FWD0(Cell, cell_value)
  SA_FWD0(Array<std::string>, cellstr_value)
  std::string string_value(bool force = false) const override {
    return nat().string_value(force);
  }
  string_vector string_vector_value(bool pad = false) const override {
    return nat().string_vector_value(pad);
  }
#undef SA_FWD
#undef SA_FWD2
#undef SA_FWD0

  /* ------------------------------------------------------- indexing */
  octave_value do_index_op(const octave_value_list &idx, bool = false) override {
    return hv().index(idx);
  }
  octave_value subsref(const std::string &ops,
                       const std::list<octave_value_list> &idx) override {
    check_object();
    if (!ops.empty() && ops[0] == '(' && handle()) {
      octave_value v = handle()->index(idx.front());
      return ops.size() > 1 ? v.next_subsref(ops, idx) : v;
    }
    refuse_brace(ops);
    return octave_swig_ref::subsref(ops, idx);
  }
  octave_value_list subsref(const std::string &ops,
                            const std::list<octave_value_list> &idx,
                            int nargout) override {
    check_object();
    if (!ops.empty() && ops[0] == '(' && handle()) {
      octave_value v = handle()->index(idx.front());
      if (ops.size() > 1) return v.next_subsref(nargout, ops, idx);
      return octave_value_list(v);
    }
    refuse_brace(ops);
    return octave_swig_ref::subsref(ops, idx, nargout);
  }
  /* h(i...) = v writes the shared memory and answers the same handle, so
   * the variable stays this handle. */
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
    if (!ops.empty() && ops[0] == '{')
      sa_oct_unsupported("h{i} = v", "a matrix cannot be indexed with {");
    if (ops.size() > 1)
      sa_oct_unsupported("a nested indexed assignment (h(i)(j) = v, h(i).f = v)",
                         "only h(i...) = v writes the shared memory");
    sa_octave_array *h = handle();
    if (h && !ops.empty() && ops[0] == '(') {
      octave_value_list args = idx.front();
      args.append(rhs);
      h->__paren_asgn__(args);
    } else {
      octave_swig_ref::subsasgn(ops, idx, rhs);
    }
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

  /* -------------------------------------------------------- display */
  /* Typing h: Octave 7 prints the name tag, then calls disp(h). The tag
   * is "h =" and the header line; the disp that follows shows the values
   * as the copy's disp does, only the leading corner of a large array. */
  bool print_name_tag(std::ostream &os, const std::string &name) const override {
    const sa_octave_array *h = handle();
    if (!h) return octave_swig_ref::print_name_tag(os, name);
    os << name << " =\n\n  " << sa_oct_header(*h) << "\n\n";
    summarise_ = true;
    shown_name_ = name;
    return true;
  }
  void print_with_name(std::ostream &os, const std::string &name,
                       bool print_padding = true) override {
    const sa_octave_array *h = handle();
    if (!h) {
      octave_swig_ref::print_with_name(os, name, print_padding);
      return;
    }
    sa_oct_display(os, *h, name, print_padding);
  }
  /* disp(h): the values, exactly as disp of the copy shows them (only the
   * leading corner of a large array when it follows the name tag). */
  void print(std::ostream &os, bool pr_as_read_syntax = false) override {
    const sa_octave_array *h = handle();
    const bool summarise = summarise_;
    summarise_ = false;
    if (h) {
      if (h->isclosed()) {
        os << sa_oct_header(*h) << "\n";
        return;
      }
      if (summarise) {
        sa_oct_display_values(os, *h, shown_name_);
        return;
      }
      octave_value v = h->read();
      v.print(os, pr_as_read_syntax);
    } else if (get_ptr()) {
      octave_swig_ref::print(os, pr_as_read_syntax);
    } else {
      indent(os);
      os << "<no SharedArray handle>";
      newline(os);
    }
  }
  /* Element n as a scalar of the class (printf and others walk values
   * with it). "Never error": an undefined value instead. */
  octave_value fast_elem_extract(octave_idx_type n) const override {
    const sa_octave_array *h = handle();
    if (!h || h->isclosed() || n < 0 || n >= numel()) return octave_value();
    try {
      return h->index(octave_value_list(octave_value(static_cast<double>(n + 1))));
    } catch (const octave::execution_exception &) {
      return octave_value();
    }
  }
  void print_raw(std::ostream &os, bool pr_as_read_syntax = false) const override {
    const sa_octave_array *h = handle();
    if (!h || h->isclosed()) {
      os << (h ? sa_oct_header(*h) : std::string("<no SharedArray handle>"));
      return;
    }
    h->read().print_raw(os, pr_as_read_syntax);
  }
  void short_disp(std::ostream &os) const override {
    const sa_octave_array *h = handle();
    if (!h) return octave_swig_ref::short_disp(os);
    os << "[" << dims().str() << " " << h->cls() << " SharedArray]";
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
  mutable bool summarise_ = false;
  mutable std::string shown_name_;
  static octave_base_value *native_conversion(const octave_base_value &a) {
    const sa_oct_ref &r = dynamic_cast<const sa_oct_ref &>(a);
    octave_value v = r.nat();
    return v.internal_rep()->clone();  /* shares v's data; the caller owns it */
  }
  OCTAVE_NORETURN void refuse_save() const {
    const sa_octave_array *h = handle();
    sa_oct_refuse_save(h ? h->name().c_str() : nullptr);
  }
  void refuse_brace(const std::string &ops) const {
    if (!ops.empty() && ops[0] == '{' && handle())
      sa_oct_unsupported("h{i}", "a matrix cannot be indexed with {");
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

/* The handle object of an Octave value (a handle, or a 1x1 cell holding
 * one, as SWIG accepts), or NULL. */
static sa_octave_array *sa_oct_handle_of(octave_value v) {
  if (v.iscell() && v.numel() == 1) v = v.cell_value()(0);
  if (v.type_id() != octave_swig_ref::static_type_id()) return nullptr;
  /* SWIG's method calls pass a plain octave_swig_ref of the same object */
  const octave_swig_ref *r = static_cast<const octave_swig_ref *>(v.internal_rep());
  const sa_oct_swig_type *t = dynamic_cast<const sa_oct_swig_type *>(r->get_ptr());
  return t ? const_cast<sa_octave_array *>(t->handle()) : nullptr;
}

/* ----------------------------------------------------------- operators
 * Every unary and binary operator on a handle works on a native copy (the
 * answer is the copy's). Registered for the handle's type against every
 * type before SWIG's module function runs, so that SWIG (which only fills
 * empty slots) installs none of its own (they dispatch to __add__ methods
 * that a handle does not have). Compound assignments (h += v) and h++
 * would replace the variable by a copy: they raise sharedarray:unsupported
 * (for a handle held by one variable; see help sharedarray_attach). */
static octave_value sa_oct_operand(const octave_base_value &v) {
  if (v.type_id() == octave_swig_ref::static_type_id()) {
    const sa_oct_ref *r = dynamic_cast<const sa_oct_ref *>(&v);
    if (!r || !r->handle())
      error_with_id("sharedarray:invalid",
                    "sharedarray: operators need a SharedArray handle or a value");
    return r->nat();
  }
  return octave_value(const_cast<octave_base_value *>(&v), true);
}

template <int Op>
static octave_value sa_oct_binop(const octave_base_value &a, const octave_base_value &b) {
  octave::type_info &ti = octave::interpreter::the_interpreter()->get_type_info();
  return octave::binary_op(ti, static_cast<octave_value::binary_op>(Op),
                           sa_oct_operand(a), sa_oct_operand(b));
}
template <int Op>
static octave_value sa_oct_unop(const octave_base_value &a) {
  octave::type_info &ti = octave::interpreter::the_interpreter()->get_type_info();
  return octave::unary_op(ti, static_cast<octave_value::unary_op>(Op), sa_oct_operand(a));
}
static void sa_oct_refuse_incr(octave_base_value &) {
  sa_oct_unsupported("h++ and h-- (which replace h by a copy)",
                     "write h(:) = h(:) + 1 to change the shared memory");
}
static octave_value sa_oct_refuse_op_assign(octave_base_value &, const octave_value_list &,
                                            const octave_base_value &) {
  sa_oct_unsupported("h += v, h -= v, h *= v ... (which replace h by a copy)",
                     "write h(:) = h(:) + v to change the shared memory, or "
                     "M = h(:,:) + v for a new matrix");
}

template <int... Ops>
static void sa_oct_install_binops(octave::type_info &ti, int tid, int other,
                                  std::integer_sequence<int, Ops...>) {
  (void)std::initializer_list<int>{
      (ti.register_binary_op(static_cast<octave_value::binary_op>(Ops), tid, other,
                             sa_oct_binop<Ops>), 0)...};
  if (other != tid)
    (void)std::initializer_list<int>{
        (ti.register_binary_op(static_cast<octave_value::binary_op>(Ops), other, tid,
                               sa_oct_binop<Ops>), 0)...};
}
template <int... Ops>
static void sa_oct_install_unops(octave::type_info &ti, int tid,
                                 std::integer_sequence<int, Ops...>) {
  (void)std::initializer_list<int>{
      (ti.register_unary_op(static_cast<octave_value::unary_op>(Ops), tid,
                            sa_oct_unop<Ops>), 0)...};
}

static void sa_oct_install_ops(octave::type_info &ti, int tid) {
  const int ntypes = ti.installed_type_names().numel();
  for (int j = 0; j < ntypes; j++)
    sa_oct_install_binops(ti, tid, j,
                          std::make_integer_sequence<int, octave_value::num_binary_ops>());
  sa_oct_install_unops(ti, tid, std::make_integer_sequence<int, octave_value::num_unary_ops>());
  ti.register_non_const_unary_op(octave_value::op_incr, tid, sa_oct_refuse_incr);
  ti.register_non_const_unary_op(octave_value::op_decr, tid, sa_oct_refuse_incr);
  for (int op = octave_value::op_add_eq; op < octave_value::num_assign_ops; op++)
    for (int j = 0; j < ntypes; j++)
      ti.register_assign_op(static_cast<octave_value::assign_op>(op), tid, j,
                            sa_oct_refuse_op_assign);
}

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
  sa_oct_install_ops(ti, id);
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
