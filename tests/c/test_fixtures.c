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

TEST_IMPL(numpy_fixtures) {
  FILE *f = fopen(SA_FIXTURES_DIR "/manifest.txt", "r");
  char line[512];
  int ngood = 0, nbad = 0;
  ASSERT(f != NULL);
  while (fgets(line, sizeof line, f)) {
    char kind[8], file[256], a1[32], a2[8], a3[128], name[400];
    int n = sscanf(line, "%7s %255s %31s %7s %127s", kind, file, a1, a2, a3);
    sa_array *a;
    if (line[0] == '#' || n < 3) continue;
    snprintf(name, sizeof name, "file://%s/%s", SA_FIXTURES_DIR, file);
    if (strcmp(kind, "good") == 0) {
      int nd = 0;
      char *tok, *save = NULL;
      ASSERT_EQ(n, 5);
      ASSERT_OK(sa_attach(name, SA_RDONLY, &a));
      ASSERT_STR_EQ(sa_descr(a), a1);
      ASSERT_EQ(sa_order(a), a2[0]);
      if (strcmp(a3, "-") != 0)
        for (tok = strtok_r(a3, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
          ASSERT_EQ(sa_shape(a)[nd++], atoll(tok));
      ASSERT_EQ(sa_ndim(a), nd);
      check_values(a);
      sa_release(a);
      ngood++;
    } else {
      ASSERT_ERR(sa_attach(name, SA_RDONLY, &a), code_of(a1));
      ASSERT_CONTAINS(sa_errmsg(), file);
      nbad++;
    }
  }
  fclose(f);
  ASSERT_GE(ngood, 20);
  ASSERT_GE(nbad, 5);
  return 0;
}
