/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_convert.h -- copying selected elements between the mapped
 * memory and Octave arrays, for every dtype of the format.
 *
 *   dtype         Octave class            how
 *   b1            logical                 element by element (0/1 bytes)
 *   i1 i2 i4 i8   int8 int16 int32 int64  memcpy when native-endian
 *   u1 u2 u4 u8   uint8 ... uint64        memcpy when native-endian
 *   f2            single                  converted copy (core's float16)
 *   f4 f8         single double           memcpy when native-endian
 *   c8 c16        complex single/double   memcpy when native-endian
 * Non-native byte order is swapped element by element with the core's
 * sa_value_load / sa_value_store; nothing here re-implements byte swapping
 * or float16.
 */
#ifndef SA_OCTAVE_CONVERT_H
#define SA_OCTAVE_CONVERT_H

#include <octave/oct.h>
#include "sa_octave_select.h"
#include "sharedarray_codec.h"

/* The Octave class name reads give for dt ("double", "int8", "logical"...).
 * Complex dtypes give "double"/"single" (Octave's class of a complex).
 * Dtypes that are not numeric (S, U, V, structured, datetime, f16...,
 * which Octave cannot attach) give "": they have no Octave class. */
const char *sa_oct_classname(const sa_dtype &dt);

/* A new Octave array holding the selected elements of a. */
octave_value sa_oct_gather(const sa_array *a, const sa_oct_selection &s);

/* Element k (0-based, in range) of a, as h(k+1) gives it: the scalar of
 * a's class, with no selection planned and no array allocated (the h(i)
 * fast path). */
octave_value sa_oct_gather_one(const sa_array *a, octave_idx_type k);

/* The whole of a (selection s), converted to the Octave class cls
 * ("double", "single", "int8" ... "uint64") in one pass: no temporary in
 * a's own class. A complex dtype converts to "double" or "single" only
 * (complex, narrowed to real when every imaginary part is zero, as
 * double() and single() of a complex matrix give). Returns false (out
 * untouched) for any other target, which the caller converts with
 * Octave's own rules. */
bool sa_oct_gather_as(const sa_array *a, const sa_oct_selection &s, const char *cls,
                      octave_value &out);

/* A C-order array of 2 or more dimensions, copied once into numpy's
 * logical shape (the Octave view permuted). */
octave_value sa_oct_gather_numpy(const sa_array *a);

/* Stores rhs (a scalar, or as many elements as are selected) into the
 * selection, converted with Octave's rules for the array's class: integer
 * saturation and rounding, logical from nonzero; complex into a real dtype
 * is an error unless every imaginary part is zero. */
void sa_oct_scatter(sa_array *a, const sa_oct_selection &s, const octave_value &rhs);

#endif /* SA_OCTAVE_CONVERT_H */
