# The README example of the seed API (SharedArray 0.3), run unchanged in a
# fresh interpreter, with its printed values checked. Code written against
# the seed must keep working.
import os
import subprocess
import sys

import SharedArray as sa
from conftest import unique_name

# Verbatim from the seed's README ("Example"), indentation removed.
SEED_EXAMPLE = '''\
import numpy as np
import SharedArray as sa

# Create an array in shared memory
a = sa.create("test1", 10)

# Attach it as a different array. This can be done from another
# python interpreter as long as it runs on the same computer.
b = sa.attach("test1")

# See how they are actually sharing the same memory block
a[0] = 42
print(b[0])

# Destroying a does not affect b.
del a
print(b[0])

# See how "test1" is still present in shared memory even though we
# destroyed the array a.
sa.list()

# Now destroy the array "test1" from memory.
sa.delete("test1")

# The array b is not affected, but once you destroy it then the
# data are lost.
print(b[0])
'''


def test_seed_readme_example():
    # Several suites share this machine, so the only change is the array's
    # name: "test1" becomes a name unique to this run.
    name = unique_name("seed")
    script = SEED_EXAMPLE.replace('"test1"', repr(name))
    assert script.replace(repr(name), '"test1"') == SEED_EXAMPLE
    try:
        out = subprocess.run([sys.executable, "-c", script], check=True,
                             capture_output=True, text=True, timeout=60)
    finally:
        if os.path.exists("/dev/shm/" + name):
            sa.delete(name)
    assert out.stdout.split() == ["42.0", "42.0", "42.0"], out
    assert out.stderr == ""
    assert not os.path.exists("/dev/shm/" + name)


def test_seed_list_shows_the_example_array():
    # The seed's sa.list() line: the array is listed with its name, dtype
    # and dims while it exists.
    name = unique_name("seed")
    a = sa.create(name, 10)
    try:
        found = [r for r in sa.list() if r.name == name.encode()]
        assert len(found) == 1
        _, dtype, dims = found[0]
        assert (dtype, dims) == (a.dtype, (10,))
        assert dtype is a.dtype.type
    finally:
        sa.delete(name)
