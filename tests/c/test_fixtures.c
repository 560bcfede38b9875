/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_fixtures.c -- .npy files written by real numpy (tests/fixtures, made
 * by make_fixtures.py) attach through the C API with the right values, and
 * the bad ones are refused with the listed error. */
#include "task.h"

#ifndef SA_FIXTURES_DIR
# error "SA_FIXTURES_DIR must be defined"
#endif

static int code_of(const char *name) {
#define SA__CODE(n, v, m) if (strcmp(name, "SA_" #n) == 0) return v;
  SA_ERRNO_MAP(SA__CODE)
#undef SA__CODE
  FAIL("unknown code %s in manifest", name);
  return 0;
}

static void check_values(const sa_array *a) {
  uint64_t i;
  char kind = sa_get_meta(a)->dtype.kind;
  for (i = 0; i < sa_nitems(a); i++) {
    sa_value v;
    int ok;
    ASSERT_OK(sa_load(a, i, &v));
    switch (kind) {
      case 'b': ok = v.b == (i % 3 == 1); break;
      case 'i': ok = v.i == (int64_t)(i % 100); break;
      case 'u': ok = v.u == i % 100; break;
      case 'f': ok = v.f == (double)i * 0.5; break;
      default: ok = v.re == (double)i && v.im == -(double)i; break;
    }
    if (!ok) FAIL("%s: element %" PRIu64 " is wrong", sa_name(a), i);
  }
}

/* Attach every file of a manifest (`good FILE DESCR ORDER DIMS` or `bad
 * FILE CODE`, paths relative to SA_FIXTURES_DIR). format >= 0: the good
 * ones must have that sa_meta.format, or, for -1, any .npy version; the
 * SharedArray 3.x fixtures say which with their np1-/np2- prefix. */
static void run_manifest(const char *manifest, int *ngood, int *nbad) {
  FILE *f = fopen(manifest, "r");
  char line[1024];
  ASSERT(f != NULL);
  while (fgets(line, sizeof line, f)) {
    char kind[8], file[256], a1[32], a2[8], a3[512], name[400];
    int n = sscanf(line, "%7s %255s %31s %7s %511s", kind, file, a1, a2, a3);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    sa_array *a;
    if (line[0] == '#' || n < 3) continue;
    snprintf(name, sizeof name, "file://%s/%s", SA_FIXTURES_DIR, file);
    if (strcmp(kind, "good") == 0) {
      int nd = 0;
      char *tok, *save = NULL;
      const sa_meta *m;
      ASSERT_EQ(n, 5);
      ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
      ASSERT_STR_EQ(sa_descr(a), a1);
      ASSERT_EQ(sa_order(a), a2[0]);
      if (strcmp(a3, "-") != 0)
        for (tok = strtok_r(a3, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
          ASSERT_EQ(sa_shape(a)[nd++], atoll(tok));
      ASSERT_EQ(sa_ndim(a), nd);
      m = sa_get_meta(a);
      if (strncmp(base, "np1-", 4) == 0) {
        ASSERT_EQ(m->format, SA_FORMAT_SA3_32);
        ASSERT_EQ(m->data_offset, 0);
      } else if (strncmp(base, "np2-", 4) == 0) {
        ASSERT_EQ(m->format, SA_FORMAT_SA3_64);
        ASSERT_EQ(m->data_offset, 0);
      } else {
        ASSERT_EQ(m->format, SA_FORMAT_NPY);
      }
      check_values(a);
      sa_release(a);
      (*ngood)++;
    } else {
      ASSERT_ERR(sa_attach(name, SA_ATTACH_RDONLY, &a), code_of(a1));
      ASSERT_CONTAINS(sa_errmsg(), file);
      (*nbad)++;
    }
  }
  fclose(f);
}

TEST_IMPL(numpy_fixtures) {
  int ngood = 0, nbad = 0;
  run_manifest(SA_FIXTURES_DIR "/manifest.txt", &ngood, &nbad);
  ASSERT_GE(ngood, 20);
  ASSERT_GE(nbad, 5);
  return 0;
}

/* Segments made by the real SharedArray 3.2.4, under numpy 1.x (292-byte
 * trailer) and 2.x (548-byte trailer): see make_sa3_fixtures.py. */
TEST_IMPL(sa3_fixtures) {
  int ngood = 0, nbad = 0;
  const uint16_t one = 1;
  if (!*(const unsigned char *)&one || sizeof(long) != 8) {
    fprintf(stderr, "the 3.x fixtures were made on a little-endian LP64 host\n");
    return SKIP_RC;
  }
  run_manifest(SA_FIXTURES_DIR "/sa3/manifest.txt", &ngood, &nbad);
  ASSERT_GE(ngood, 36);
  ASSERT_GE(nbad, 16);
  return 0;
}
