#!/usr/bin/env python3
"""producer.py -- the Python side of the SharedArray demo (run by run-demo).

    producer.py create PREFIX   make PREFIX-frame, a 240x320 float32 image,
                                and PREFIX-params, the parameters the Lua and
                                Octave workers read
    producer.py check PREFIX    recompute with numpy what the workers wrote
                                into PREFIX-hist, -rowsum, -colmean and -mask,
                                print a verdict, exit 1 on any mismatch
"""
import sys

import numpy as np

import SharedArray as sa

HEIGHT, WIDTH = 240, 320
THRESHOLD, BINS, LO, HI = 0.6, 16, 0.0, 1.0


def create(prefix):
    # A test pattern: rings around a point off centre, fading out, in [0, 1].
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    r = np.hypot(x - 0.4 * WIDTH, y - 0.55 * HEIGHT)
    frame = sa.create("shm://%s-frame" % prefix, (HEIGHT, WIDTH), dtype=np.float32)
    frame[:] = 0.5 + 0.5 * np.cos(r / 7.0) * np.exp(-r / 250.0)
    params = sa.create("shm://%s-params" % prefix, 4, dtype=np.float64)
    params[:] = [THRESHOLD, BINS, LO, HI]
    print("python: created %s-frame (%dx%d float32, a ring pattern) and "
          "%s-params [threshold %g, %d bins over %g..%g]"
          % (prefix, HEIGHT, WIDTH, prefix, THRESHOLD, BINS, LO, HI))


def check(prefix):
    frame = sa.attach("%s-frame" % prefix, ro=True)
    thr, bins, lo, hi = sa.attach("%s-params" % prefix, ro=True)
    bins = int(bins)
    f = frame.astype(np.float64)

    want = {
        # Lua's bins: floor((v - lo) / (hi - lo) * bins), clamped to the ends.
        "hist": np.bincount(np.clip(np.floor((f - lo) / (hi - lo) * bins),
                                    0, bins - 1).astype(np.int64).ravel(),
                            minlength=bins),
        "rowsum": f.sum(axis=1),
        "colmean": f.mean(axis=0),
        "mask": (f > thr).astype(np.uint8),
    }
    exact = {"hist", "mask"}
    failed = []
    for what, expected in want.items():
        got = sa.attach("%s-%s" % (prefix, what), ro=True)
        if got.shape != expected.shape:
            failed.append("%s: shape %s, expected %s" % (what, got.shape, expected.shape))
        elif what in exact and not np.array_equal(got, expected):
            bad = [tuple(int(i) for i in ix) for ix in np.argwhere(got != expected)]
            failed.append("%s: %d elements differ, first at %s: %s, expected %s"
                          % (what, len(bad), bad[0], got[bad[0]], expected[bad[0]]))
        elif what not in exact and not np.allclose(got, expected, rtol=1e-12, atol=0):
            err = np.max(np.abs(got - expected))
            failed.append("%s: differs from numpy by up to %g" % (what, err))
    if failed:
        for f in failed:
            print("python: MISMATCH " + f)
        return 1
    print("python: checked against numpy: the histogram, row sums, column "
          "means and mask (%d of %d pixels above %g) all agree"
          % (want["mask"].sum(), frame.size, thr))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("create", "check"):
        sys.exit(__doc__)
    sys.exit(create(sys.argv[2]) if sys.argv[1] == "create" else check(sys.argv[2]))
