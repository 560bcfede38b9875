/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_convert.cc -- gather/scatter between mapped memory and Octave
 * arrays (see sa_octave_convert.h). One trait per Octave class says how to
 * get an array of that class from any value (Octave's conversion rules) and
 * how to move one element through the core's sa_value. */
#include "sa_octave_convert.h"

#include "sa_octave_errors.h"

#include <octave/ov-cx-mat.h>
#include <octave/ov-flt-cx-mat.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

/* ------------------------------------------------------------ traits */

struct tr_bool {
  typedef boolNDArray array;
  typedef bool elem;
  static const bool complex = false;
  static octave_value wrap(const array &a) { return octave_value(a); }
  static array get(const octave_value &v) { return v.bool_array_value(); }
  static elem from(const sa_value &v) { return v.b != 0; }
  static void to(elem e, sa_value &v) { v.kind = 'b'; v.b = e ? 1 : 0; }
};

struct tr_double {
  typedef NDArray array;
  typedef double elem;
  static const bool complex = false;
  static octave_value wrap(const array &a) { return octave_value(a); }
  static array get(const octave_value &v) { return v.array_value(true); }
  static elem from(const sa_value &v) { return v.f; }
  static void to(elem e, sa_value &v) { v.kind = 'f'; v.f = e; }
};

struct tr_single {
  typedef FloatNDArray array;
  typedef float elem;
  static const bool complex = false;
  static octave_value wrap(const array &a) { return octave_value(a); }
  static array get(const octave_value &v) { return v.float_array_value(true); }
  static elem from(const sa_value &v) { return static_cast<float>(v.f); }
  static void to(elem e, sa_value &v) { v.kind = 'f'; v.f = e; }
};

struct tr_complex {
  typedef ComplexNDArray array;
  typedef Complex elem;
  static const bool complex = true;
  static array get(const octave_value &v) { return v.complex_array_value(); }
  /* Stays complex even when every imaginary part is zero (as complex()). */
  static octave_value wrap(const array &a) {
    return octave_value(new octave_complex_matrix(a));
  }
  static elem from(const sa_value &v) { return Complex(v.re, v.im); }
  static void to(const elem &e, sa_value &v) {
    v.kind = 'c'; v.re = e.real(); v.im = e.imag();
  }
};

struct tr_float_complex {
  typedef FloatComplexNDArray array;
  typedef FloatComplex elem;
  static const bool complex = true;
  static array get(const octave_value &v) { return v.float_complex_array_value(); }
  static octave_value wrap(const array &a) {
    return octave_value(new octave_float_complex_matrix(a));
  }
  static elem from(const sa_value &v) {
    return FloatComplex(static_cast<float>(v.re), static_cast<float>(v.im));
  }
  static void to(const elem &e, sa_value &v) {
    v.kind = 'c'; v.re = e.real(); v.im = e.imag();
  }
};

/* Signed and unsigned integers: Octave's xxx_array_value() saturates and
 * rounds, which is exactly Octave's rule for assigning into int arrays. */
#define SA_TR_INT(NAME, OI, ARRAY, GETTER, FIELD, KIND)                  \
  struct NAME {                                                          \
    typedef ARRAY array;                                                 \
    typedef OI elem;                                                     \
    static const bool complex = false;                                   \
    static octave_value wrap(const array &a) { return octave_value(a); } \
    static array get(const octave_value &v) { return v.GETTER(); }       \
    static elem from(const sa_value &v) { return elem(v.FIELD); }        \
    static void to(const elem &e, sa_value &v) {                         \
      v.kind = KIND; v.FIELD = e.value();                                \
    }                                                                    \
  };
SA_TR_INT(tr_int8, octave_int8, int8NDArray, int8_array_value, i, 'i')
SA_TR_INT(tr_int16, octave_int16, int16NDArray, int16_array_value, i, 'i')
SA_TR_INT(tr_int32, octave_int32, int32NDArray, int32_array_value, i, 'i')
SA_TR_INT(tr_int64, octave_int64, int64NDArray, int64_array_value, i, 'i')
SA_TR_INT(tr_uint8, octave_uint8, uint8NDArray, uint8_array_value, u, 'u')
SA_TR_INT(tr_uint16, octave_uint16, uint16NDArray, uint16_array_value, u, 'u')
SA_TR_INT(tr_uint32, octave_uint32, uint32NDArray, uint32_array_value, u, 'u')
SA_TR_INT(tr_uint64, octave_uint64, uint64NDArray, uint64_array_value, u, 'u')
#undef SA_TR_INT

/* ------------------------------------------------------------ helpers */

/* True when the stored bytes are laid out exactly as Octave's element type:
 * native byte order, and neither bool bytes nor float16. */
bool sa_oct_native(const sa_dtype &dt) {
  if (dt.kind == 'b' || (dt.kind == 'f' && dt.itemsize == 2)) return false;
  return sa_dtype_is_native(&dt) != 0;
}

template <class Tr>
octave_value gather(const sa_array *a, const sa_oct_selection &s) {
  typename Tr::array out(s.result_dims);
  typename Tr::elem *o = out.fortran_vec();
  const sa_dtype &dt = sa_get_meta(a)->dtype;
  const size_t isz = static_cast<size_t>(dt.itemsize);
  const unsigned char *base = static_cast<const unsigned char *>(sa_data(a));
  if (sa_oct_native(dt)) {
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      std::memcpy(static_cast<void *>(o + dst), base + src * isz, n * isz);
    });
  } else {
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      sa_value v;
      for (octave_idx_type j = 0; j < n; j++) {
        sa_value_load(&dt, base + (src + j) * isz, &v);
        o[dst + j] = Tr::from(v);
      }
    });
  }
  return Tr::wrap(out);
}

void store_one(const sa_array *a, const sa_dtype &dt, unsigned char *dst,
               const sa_value &v) {
  int rc = sa_value_store(&dt, dst, &v);
  if (rc < 0)
    error_with_id("sharedarray:invalid",
                  "sharedarray: '%s': cannot store value as %s: %s", sa_name(a),
          dt.descr, sa_strerror(rc));
}

/* rhs as a numeric or logical value that Tr::get can convert with
 * Octave's rules for the class: chars become their codes (int8('A') is 65),
 * and a complex value with zero imaginary parts becomes its real part (the
 * shared memory cannot turn complex). Anything else (cells, structs,
 * handles) is an error naming the array and the class. Where Octave's own
 * matrix would change class on this assignment (a complex value into a
 * real matrix makes it complex, into an integer or logical one makes it
 * double), the write is refused with sharedarray:unsupported: the shared
 * memory keeps its dtype, so storing would silently differ from M(i) = v. */
template <class Tr>
octave_value numeric_rhs(const sa_array *a, const sa_dtype &dt,
                         const octave_value &rhs) {
  if (rhs.is_string()) {
    if (dt.kind == 'b')   /* as for a logical matrix: M(1) = 'a' is an error */
      error_with_id("sharedarray:invalid",
                    "sharedarray: '%s' (dtype %s, class logical) cannot store "
                    "a char value", sa_name(a), dt.descr);
    return octave_value(rhs.array_value(true));
  }
  if (!(rhs.isnumeric() || rhs.islogical()))
    error_with_id("sharedarray:invalid",
                  "sharedarray: '%s' (dtype %s, class %s) cannot store a value "
                  "of class '%s'", sa_name(a), dt.descr, sa_oct_classname(dt),
                  rhs.class_name().c_str());
  if (!Tr::complex && rhs.iscomplex()) {
    if (dt.kind != 'f')
      sa_oct_unsupported("h(i) = v with a complex v into an integer or logical array",
                         "a matrix of class %s would become a complex double "
                         "matrix, but '%s' keeps its dtype %s",
                         sa_oct_classname(dt), sa_name(a), dt.descr);
    /* Octave would turn a real matrix complex; shared memory cannot. */
    ComplexNDArray c = rhs.complex_array_value();
    for (octave_idx_type k = 0; k < c.numel(); k++)
      if (c(k).imag() != 0)
        sa_oct_unsupported("h(i) = v with a complex v into a real array",
                           "'%s' has the real dtype %s and cannot store "
                           "complex values (a matrix would become complex)",
                           sa_name(a), dt.descr);
    return rhs.map(octave_base_value::umap_real);  /* keeps single/double */
  }
  return rhs;
}

template <class Tr>
void scatter(sa_array *a, const sa_oct_selection &s, const octave_value &rhs_in) {
  const sa_dtype &dt = sa_get_meta(a)->dtype;
  const octave_value rhs = numeric_rhs<Tr>(a, dt, rhs_in);
  sa_oct_check_conform(s, rhs.dims());
  typename Tr::array vals;
  std::string why;
  bool failed = false;
  try {
    vals = Tr::get(rhs);
  } catch (const octave::execution_exception &e) {
    failed = true;       /* e.g. NaN into logical: raised below, with a name */
    why = e.message();
  }
  if (failed)
    error_with_id("sharedarray:invalid",
                  "sharedarray: '%s' (dtype %s, class %s): cannot store this "
                  "%s value: %s", sa_name(a), dt.descr, sa_oct_classname(dt),
                  rhs.class_name().c_str(), why.c_str());
  const octave_idx_type nv = vals.numel();
  if (s.count == 0) return;
  const typename Tr::elem *iv = vals.data();
  const size_t isz = static_cast<size_t>(dt.itemsize);
  unsigned char *base = static_cast<unsigned char *>(sa_data(a));
  const bool native = sa_oct_native(dt);
  if (nv == 1) {
    /* Broadcast one value: encode it once, copy its bytes everywhere. */
    unsigned char one[16];
    if (native) {
      std::memcpy(one, static_cast<const void *>(iv), isz);
    } else {
      sa_value v;
      std::memset(&v, 0, sizeof v);
      Tr::to(iv[0], v);
      store_one(a, dt, one, v);
    }
    sa_oct_for_each_run(s, [&](octave_idx_type, octave_idx_type src, octave_idx_type n) {
      for (octave_idx_type j = 0; j < n; j++)
        std::memcpy(base + (src + j) * isz, one, isz);
    });
  } else if (native) {
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      std::memcpy(base + src * isz, static_cast<const void *>(iv + dst), n * isz);
    });
  } else {
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      sa_value v;
      std::memset(&v, 0, sizeof v);
      for (octave_idx_type j = 0; j < n; j++) {
        Tr::to(iv[dst + j], v);
        store_one(a, dt, base + (src + j) * isz, v);
      }
    });
  }
}

/* Element k (0-based, in range) as the scalar a(k) of an array of the
 * class gives: the same value and type as gather() of a one-element
 * selection (a 1x1 array narrowed to its scalar; a complex one stays
 * complex), without planning a selection or allocating an array. */
template <class Tr>
octave_value gather_one(const sa_array *a, octave_idx_type k) {
  const sa_dtype &dt = sa_get_meta(a)->dtype;
  const size_t isz = static_cast<size_t>(dt.itemsize);
  const unsigned char *p = static_cast<const unsigned char *>(sa_data(a)) + k * isz;
  typename Tr::elem e;
  if (sa_oct_native(dt)) {
    std::memcpy(static_cast<void *>(&e), p, sizeof e);
  } else {
    sa_value v;
    sa_value_load(&dt, p, &v);
    e = Tr::from(v);
  }
  if (Tr::complex) return Tr::wrap(typename Tr::array(dim_vector(1, 1), e));
  return octave_value(e);
}

/* Calls OP<trait>(args...) for dt's Octave class. */
#define SA_OCT_DISPATCH(dt, OP, ...)                                       \
  switch ((dt).kind) {                                                     \
    case 'b': return OP<tr_bool>(__VA_ARGS__);                             \
    case 'i':                                                              \
      switch ((dt).itemsize) {                                             \
        case 1: return OP<tr_int8>(__VA_ARGS__);                           \
        case 2: return OP<tr_int16>(__VA_ARGS__);                          \
        case 4: return OP<tr_int32>(__VA_ARGS__);                          \
        default: return OP<tr_int64>(__VA_ARGS__);                         \
      }                                                                    \
    case 'u':                                                              \
      switch ((dt).itemsize) {                                             \
        case 1: return OP<tr_uint8>(__VA_ARGS__);                          \
        case 2: return OP<tr_uint16>(__VA_ARGS__);                         \
        case 4: return OP<tr_uint32>(__VA_ARGS__);                         \
        default: return OP<tr_uint64>(__VA_ARGS__);                        \
      }                                                                    \
    case 'f':                                                              \
      if ((dt).itemsize == 8) return OP<tr_double>(__VA_ARGS__);           \
      return OP<tr_single>(__VA_ARGS__); /* f4, and f2 widened */          \
    case 'c':                                                              \
      if ((dt).itemsize == 16) return OP<tr_complex>(__VA_ARGS__);         \
      return OP<tr_float_complex>(__VA_ARGS__);                            \
    default:                                                               \
      error_with_id("sharedarray:invalid",                                 \
                    "sharedarray: unsupported dtype '%s'", (dt).descr);    \
  }

}  // namespace

const char *sa_oct_classname(const sa_dtype &dt) {
  if (!sa_dtype_is_numeric(&dt)) return "";   /* S, U, V, M, m, f16...: no class */
  switch (dt.kind) {
    case 'b': return "logical";
    case 'i':
      return dt.itemsize == 1 ? "int8" : dt.itemsize == 2 ? "int16"
             : dt.itemsize == 4 ? "int32" : "int64";
    case 'u':
      return dt.itemsize == 1 ? "uint8" : dt.itemsize == 2 ? "uint16"
             : dt.itemsize == 4 ? "uint32" : "uint64";
    case 'f': return dt.itemsize == 8 ? "double" : "single";
    case 'c': return dt.itemsize == 16 ? "double" : "single";
    default: return "";
  }
}

octave_value sa_oct_gather(const sa_array *a, const sa_oct_selection &s) {
  SA_OCT_DISPATCH(sa_get_meta(a)->dtype, gather, a, s)
}

octave_value sa_oct_gather_one(const sa_array *a, octave_idx_type k) {
  SA_OCT_DISPATCH(sa_get_meta(a)->dtype, gather_one, a, k)
}

void sa_oct_scatter(sa_array *a, const sa_oct_selection &s, const octave_value &rhs) {
  SA_OCT_DISPATCH(sa_get_meta(a)->dtype, scatter, a, s, rhs)
}

/* ------------------------------------------------- converting gathers */

namespace {

/* One element of a source type as the target element type E, with
 * Octave's conversion rules: static_cast for double and single (as
 * double(M) and single(M) do), octave_int<T>'s rounding and saturation for
 * integers (NaN gives 0). */
template <class E> struct conv {
  template <class S> static E from(S x) { return static_cast<E>(x); }
};
template <class T> struct conv<octave_int<T>> {
  template <class S> static octave_int<T> from(S x) { return octave_int<T>(x); }
};

template <class E, class S>
void conv_runs(const sa_oct_selection &s, const unsigned char *base, E *o) {
  const S *p = reinterpret_cast<const S *>(base);
  sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
    for (octave_idx_type j = 0; j < n; j++) o[dst + j] = conv<E>::from(p[src + j]);
  });
}

/* b1: any nonzero byte is true (as reads give), then 0/1. */
template <class E>
void conv_runs_bool(const sa_oct_selection &s, const unsigned char *base, E *o) {
  sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
    for (octave_idx_type j = 0; j < n; j++)
      o[dst + j] = conv<E>::from(static_cast<int>(base[src + j] != 0));
  });
}

/* Non-native byte order and float16: the core loads each element. */
template <class E>
void conv_runs_value(const sa_oct_selection &s, const sa_dtype &dt,
                     const unsigned char *base, E *o) {
  const size_t isz = static_cast<size_t>(dt.itemsize);
  sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
    sa_value v;
    for (octave_idx_type j = 0; j < n; j++) {
      sa_value_load(&dt, base + (src + j) * isz, &v);
      E &e = o[dst + j];
      switch (v.kind) {
        case 'b': e = conv<E>::from(static_cast<int>(v.b != 0)); break;
        case 'i': e = conv<E>::from(v.i); break;
        case 'u': e = conv<E>::from(v.u); break;
        default: e = conv<E>::from(v.f); break;
      }
    }
  });
}

template <class Arr>
bool gather_conv(const sa_array *a, const sa_oct_selection &s, octave_value &out) {
  typedef typename Arr::element_type E;
  const sa_dtype &dt = sa_get_meta(a)->dtype;
  if (dt.kind == 'c' || !sa_dtype_is_numeric(&dt)) return false;
  Arr r(s.result_dims);
  E *o = r.fortran_vec();
  const unsigned char *base = static_cast<const unsigned char *>(sa_data(a));
  if (dt.kind == 'b') {
    conv_runs_bool(s, base, o);
  } else if (!sa_oct_native(dt)) {
    conv_runs_value(s, dt, base, o);
  } else {
    switch (dt.kind) {
      case 'i':
        switch (dt.itemsize) {
          case 1: conv_runs<E, int8_t>(s, base, o); break;
          case 2: conv_runs<E, int16_t>(s, base, o); break;
          case 4: conv_runs<E, int32_t>(s, base, o); break;
          default: conv_runs<E, int64_t>(s, base, o); break;
        }
        break;
      case 'u':
        switch (dt.itemsize) {
          case 1: conv_runs<E, uint8_t>(s, base, o); break;
          case 2: conv_runs<E, uint16_t>(s, base, o); break;
          case 4: conv_runs<E, uint32_t>(s, base, o); break;
          default: conv_runs<E, uint64_t>(s, base, o); break;
        }
        break;
      default:
        if (dt.itemsize == 8) conv_runs<E, double>(s, base, o);
        else conv_runs<E, float>(s, base, o);
        break;
    }
  }
  out = octave_value(r);
  return true;
}

/* A complex array as complex double or single (Arr: ComplexNDArray or
 * FloatComplexNDArray), in one pass. Returned as Octave's own
 * as_double()/as_single() of a complex matrix return it: narrowed to real
 * when every imaginary part is zero. */
template <class Arr>
bool gather_conv_complex(const sa_array *a, const sa_oct_selection &s, octave_value &out) {
  typedef typename Arr::element_type E;
  typedef typename E::value_type R;
  const sa_dtype &dt = sa_get_meta(a)->dtype;
  Arr r(s.result_dims);
  E *o = r.fortran_vec();
  const unsigned char *base = static_cast<const unsigned char *>(sa_data(a));
  if (sa_oct_native(dt) && dt.itemsize == 16) {
    const double *p = reinterpret_cast<const double *>(base);
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      for (octave_idx_type j = 0; j < n; j++)
        o[dst + j] = E(static_cast<R>(p[2 * (src + j)]), static_cast<R>(p[2 * (src + j) + 1]));
    });
  } else if (sa_oct_native(dt) && dt.itemsize == 8) {
    const float *p = reinterpret_cast<const float *>(base);
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      for (octave_idx_type j = 0; j < n; j++)
        o[dst + j] = E(static_cast<R>(p[2 * (src + j)]), static_cast<R>(p[2 * (src + j) + 1]));
    });
  } else {
    const size_t isz = static_cast<size_t>(dt.itemsize);
    sa_oct_for_each_run(s, [&](octave_idx_type dst, octave_idx_type src, octave_idx_type n) {
      sa_value v;
      for (octave_idx_type j = 0; j < n; j++) {
        sa_value_load(&dt, base + (src + j) * isz, &v);
        o[dst + j] = E(static_cast<R>(v.re), static_cast<R>(v.im));
      }
    });
  }
  out = octave_value(r);
  return true;
}

/* numpy's logical shape of a C-order array: element (i0, i1, ...) of the
 * result, in Octave's column-major order, is at C offset sum(ik * csk). */
template <class Tr>
octave_value gather_numpy(const sa_array *a) {
  const sa_meta *m = sa_get_meta(a);
  const int nd = m->ndim;
  dim_vector dv;
  dv.resize(nd);
  for (int k = 0; k < nd; k++) dv(k) = static_cast<octave_idx_type>(m->shape[k]);
  typename Tr::array out(dv);
  typename Tr::elem *o = out.fortran_vec();
  const octave_idx_type total = out.numel();
  if (total == 0) return Tr::wrap(out);
  std::vector<octave_idx_type> cs(nd);
  octave_idx_type st = 1;
  for (int k = nd - 1; k >= 0; k--) {
    cs[k] = st;
    st *= dv(k);
  }
  const sa_dtype &dt = m->dtype;
  const size_t isz = static_cast<size_t>(dt.itemsize);
  const unsigned char *base = static_cast<const unsigned char *>(sa_data(a));
  const bool native = sa_oct_native(dt);
  const octave_idx_type n0 = dv(0), s0 = cs[0];
  std::vector<octave_idx_type> ctr(nd, 0);
  octave_idx_type k = 0, off = 0;  /* off: C offset of (0, ctr[1], ...) */
  for (;;) {
    if (native) {
      for (octave_idx_type i = 0; i < n0; i++)
        std::memcpy(static_cast<void *>(o + k + i), base + (off + i * s0) * isz,
                    sizeof(typename Tr::elem));
    } else {
      sa_value v;
      for (octave_idx_type i = 0; i < n0; i++) {
        sa_value_load(&dt, base + (off + i * s0) * isz, &v);
        o[k + i] = Tr::from(v);
      }
    }
    k += n0;
    int d = 1;
    for (; d < nd; d++) {
      off += cs[d];
      if (++ctr[d] < dv(d)) break;
      off -= cs[d] * dv(d);
      ctr[d] = 0;
    }
    if (d >= nd) break;
  }
  return Tr::wrap(out);
}

}  // namespace

bool sa_oct_gather_as(const sa_array *a, const sa_oct_selection &s, const char *cls,
                      octave_value &out) {
  const std::string c(cls);
  if (sa_get_meta(a)->dtype.kind == 'c') {
    if (c == "double") return gather_conv_complex<ComplexNDArray>(a, s, out);
    if (c == "single") return gather_conv_complex<FloatComplexNDArray>(a, s, out);
    return false;
  }
  if (c == "double") return gather_conv<NDArray>(a, s, out);
  if (c == "single") return gather_conv<FloatNDArray>(a, s, out);
  if (c == "int8") return gather_conv<int8NDArray>(a, s, out);
  if (c == "int16") return gather_conv<int16NDArray>(a, s, out);
  if (c == "int32") return gather_conv<int32NDArray>(a, s, out);
  if (c == "int64") return gather_conv<int64NDArray>(a, s, out);
  if (c == "uint8") return gather_conv<uint8NDArray>(a, s, out);
  if (c == "uint16") return gather_conv<uint16NDArray>(a, s, out);
  if (c == "uint32") return gather_conv<uint32NDArray>(a, s, out);
  if (c == "uint64") return gather_conv<uint64NDArray>(a, s, out);
  return false;
}

octave_value sa_oct_gather_numpy(const sa_array *a) {
  SA_OCT_DISPATCH(sa_get_meta(a)->dtype, gather_numpy, a)
}
