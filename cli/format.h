/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * format.h -- numpy's way of printing numbers, for `dump`.
 *
 * numpy prints all elements of an array with one format, chosen from the
 * elements shown: integers are right-aligned to the widest one; floats are
 * either positional ("0.5", "12.25") with the points aligned, or scientific
 * ("1.5e-05") when the values are very large, very small or far apart.
 * A float formatter is filled in three steps: scan every value (range),
 * measure every value (widths), then format each. */
#ifndef SA_CLI_FORMAT_H
#define SA_CLI_FORMAT_H

#include <stddef.h>

#include "cli.h"

typedef struct cli_realfmt {
  int itemsize;    /* of the real type: 2, 4 or 8 */
  int precision;   /* at most this many fraction digits; -1: no limit */
  int plus;        /* always print a sign (the imaginary part of complex) */
  /* step 1: the range of the finite non-zero magnitudes */
  int any_nonzero, any_finite, any_nonfinite, any_neginf;
  double max_abs, min_abs;
  /* step 2: the layout */
  int exp_format;  /* scientific notation */
  int pad_left;    /* width before the point, sign included */
  int pad_right;   /* width after the point (exponent included) */
  int frac_max;    /* scientific: fraction digits every value gets */
  int exp_size;    /* scientific: exponent digits */
} cli_realfmt;

void cli_realfmt_init(cli_realfmt *f, int itemsize, int precision, int plus);
void cli_realfmt_scan(cli_realfmt *f, double x);
void cli_realfmt_decide(cli_realfmt *f); /* after all scans */
void cli_realfmt_measure(cli_realfmt *f, double x);
void cli_realfmt_done(cli_realfmt *f);   /* after all measures */
/* Writes x padded to the common width; returns its length. */
int cli_realfmt_format(const cli_realfmt *f, double x, char *buf, size_t cap);

/* numpy's str() of a scalar (a 0-d array): "1.5", "1e-05", "(1+2j)". */
void cli_scalar_str(const sa_dtype *dt, const sa_value *v, char *buf,
                    size_t cap);

#endif /* SA_CLI_FORMAT_H */
