/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_value.h -- what the handle's Octave value (sa_oct_ref, in
 * sa_octave_ref.h) needs beside the handle object: its display and the
 * facts about its Octave class.
 *
 * Typing h shows a one-line header, then the values as the copy
 * M = h(:,:,...) would show them; an array of more than
 * SA_OCT_DISPLAY_MAX elements shows only its leading corner (the first
 * rows and columns of its first page), gathered without copying the rest.
 */
#ifndef SA_OCTAVE_VALUE_H
#define SA_OCTAVE_VALUE_H

#include <octave/oct.h>

#include <ostream>
#include <string>

#include "sa_octave_array.h"

enum { SA_OCT_DISPLAY_MAX = 1000, SA_OCT_DISPLAY_CORNER = 8 };

/* "SharedArray 'NAME': dtype <f8, numpy shape (3, 4), order C, read-write"
 * (or "SharedArray 'NAME': closed"). */
std::string sa_oct_header(const sa_octave_array &h);

/* What typing h prints: "NAME =", the header, the values. */
void sa_oct_display(std::ostream &os, const sa_octave_array &h, const std::string &name,
                    bool print_padding);

/* The values part of that: all of them, or the leading corner of a large
 * array followed by a note that names the variable. */
void sa_oct_display_values(std::ostream &os, const sa_octave_array &h,
                           const std::string &name);

/* Bytes per element of an Octave array of class cls (complex: twice). */
std::size_t sa_oct_class_bytes(const char *cls, bool complex);

/* The type id of Octave's matrix type for cls ("double" -> matrix ...). */
int sa_oct_matrix_type_id(const char *cls, bool complex);

#endif /* SA_OCTAVE_VALUE_H */
