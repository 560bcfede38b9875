/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_value.cc -- display and class facts of a handle's Octave value
 * (see sa_octave_value.h). */
#include "sa_octave_value.h"

#include <octave/ov-bool-mat.h>
#include <octave/ov-cx-mat.h>
#include <octave/ov-flt-cx-mat.h>
#include <octave/ov-flt-re-mat.h>
#include <octave/ov-int16.h>
#include <octave/ov-int32.h>
#include <octave/ov-int64.h>
#include <octave/ov-int8.h>
#include <octave/ov-re-mat.h>
#include <octave/ov-uint16.h>
#include <octave/ov-uint32.h>
#include <octave/ov-uint64.h>
#include <octave/ov-uint8.h>

#include <cstring>
#include <sstream>

std::string sa_oct_header(const sa_octave_array &h) {
  std::ostringstream os;
  os << "SharedArray '" << h.name() << "': ";
  if (h.isclosed()) {
    os << "closed";
    return os.str();
  }
  const sa_array *a = h.arr();
  const int nd = sa_ndim(a);
  os << "dtype " << sa_descr(a) << ", numpy shape (";
  for (int k = 0; k < nd; k++)
    os << (k ? ", " : "") << static_cast<long long>(sa_shape(a)[k]);
  if (nd == 1) os << ",";
  os << "), order " << sa_order(a) << ", "
     << (sa_readonly(a) ? "read-only" : "read-write");
  return os.str();
}

void sa_oct_display_values(std::ostream &os, const sa_octave_array &h,
                           const std::string &name) {
  const dim_vector dv = h.octave_dims();
  octave_value v;
  std::string note;
  if (dv.numel() <= SA_OCT_DISPLAY_MAX) {
    v = h.read();
  } else {
    /* The leading corner: h(1:r, 1:c, 1, 1, ...). */
    octave_value_list idx;
    const octave_idx_type r = std::min<octave_idx_type>(dv(0), SA_OCT_DISPLAY_CORNER);
    const octave_idx_type c = std::min<octave_idx_type>(dv(1), SA_OCT_DISPLAY_CORNER);
    idx.append(octave_value(octave::range<double>(1, 1, r)));
    idx.append(octave_value(octave::range<double>(1, 1, c)));
    for (int k = 2; k < dv.ndims(); k++) idx.append(octave_value(1.0));
    v = h.index(idx);
    std::ostringstream n;
    n << "  (" << dv.str() << " " << h.cls() << (h.is_complex() ? " complex" : "")
      << ": showing " << name << "(1:" << r << ",1:" << c;
    for (int k = 2; k < dv.ndims(); k++) n << ",1";
    n << "); " << name << "(:,:) or " << name << ".read() copies all)\n";
    note = n.str();
  }
  v.print(os);
  if (!note.empty()) os << "\n" << note;
}

void sa_oct_display(std::ostream &os, const sa_octave_array &h, const std::string &name,
                    bool print_padding) {
  os << name << " =\n\n  " << sa_oct_header(h) << "\n\n";
  if (!h.isclosed()) sa_oct_display_values(os, h, name);
  if (print_padding) os << "\n";
}

std::size_t sa_oct_class_bytes(const char *cls, bool complex) {
  std::size_t b = 8;
  if (!std::strcmp(cls, "single") || !std::strcmp(cls, "int32") || !std::strcmp(cls, "uint32"))
    b = 4;
  else if (!std::strcmp(cls, "int16") || !std::strcmp(cls, "uint16"))
    b = 2;
  else if (!std::strcmp(cls, "int8") || !std::strcmp(cls, "uint8") ||
           !std::strcmp(cls, "logical"))
    b = 1;
  return complex ? 2 * b : b;
}

int sa_oct_matrix_type_id(const char *cls, bool complex) {
  const std::string c(cls);
  if (c == "double") return complex ? octave_complex_matrix::static_type_id()
                                    : octave_matrix::static_type_id();
  if (c == "single") return complex ? octave_float_complex_matrix::static_type_id()
                                    : octave_float_matrix::static_type_id();
  if (c == "logical") return octave_bool_matrix::static_type_id();
  if (c == "int8") return octave_int8_matrix::static_type_id();
  if (c == "int16") return octave_int16_matrix::static_type_id();
  if (c == "int32") return octave_int32_matrix::static_type_id();
  if (c == "int64") return octave_int64_matrix::static_type_id();
  if (c == "uint8") return octave_uint8_matrix::static_type_id();
  if (c == "uint16") return octave_uint16_matrix::static_type_id();
  if (c == "uint32") return octave_uint32_matrix::static_type_id();
  if (c == "uint64") return octave_uint64_matrix::static_type_id();
  return -1;
}
