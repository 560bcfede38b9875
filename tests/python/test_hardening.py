# What a privileged or careless caller must not be tricked into, from
# Python: special mode bits, a segment planted by another user, numpy's
# overflow rule, and a populate that Ctrl-C must be able to stop cleanly.
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import SharedArray as sa
from conftest import shm_path


@pytest.mark.parametrize("mode", [0o4777, 0o2700, 0o1777, 0o4600])
def test_special_mode_bits_are_refused(name, mode):
    with pytest.raises(ValueError, match="setuid"):
        sa.create(name, 3, mode=mode)
    assert not os.path.exists(shm_path(name))


def test_mode_zero_means_the_default(name):
    old = os.umask(0o077)
    try:
        sa.create(name, 3, mode=0)
    finally:
        os.umask(old)
    assert os.stat(shm_path(name)).st_mode & 0o7777 == 0o600


def test_owner_check(name):
    sa.create(name, 3, mode=0o666)[:] = 7
    # off by default; True is the caller; an int is that uid
    assert sa.attach(name)[0] == 7
    assert sa.attach(name, owner=True)[1] == 7
    assert sa.attach(name, ro=True, owner=os.geteuid())[2] == 7
    with pytest.raises(PermissionError, match="expected uid") as e:
        sa.attach(name, owner=os.geteuid() + 1)
    assert e.value.filename == name
    with pytest.raises(TypeError, match="owner"):
        sa.attach(name, owner="root")
    with pytest.raises(ValueError, match="owner"):
        sa.attach(name, owner=-1)
    if os.geteuid() != 0:
        pytest.skip("the planted-by-another-user case needs root to chown")
    os.chown(shm_path(name), 65534, 65534)  # as if user 65534 planted it
    with pytest.raises(PermissionError, match="owned by uid 65534"):
        sa.attach(name, owner=True)
    with pytest.raises(PermissionError):
        sa.attach(name, ro=True, owner=0)
    assert sa.attach(name, owner=65534)[0] == 7
    assert sa.attach(name)[0] == 7  # sharing between users still works


def test_overflow_rule_is_numpys(name):
    # numpy refuses (0, 2**61) float64 ("array is too big"): so does create,
    # and it publishes nothing
    with pytest.raises(ValueError):
        np.empty((0, 2**61), dtype="f8")
    with pytest.raises(ValueError, match="overflow"):
        sa.create(name, (0, 2**61), dtype="f8")
    assert not os.path.exists(shm_path(name))
    a = sa.create(name, (0, 2**61), dtype="i2")  # 2 * 2**61 fits
    assert a.shape == (0, 2**61) and a.nbytes == 0
    np.empty((0, 2**61), dtype="i2")


def test_populate_stops_at_ctrl_c(name):
    # The child creates 1 GiB with populate=True; a thread of its own sends
    # SIGINT once the segment exists (create has started). The create must
    # end in KeyboardInterrupt and leave no segment behind.
    script = textwrap.dedent(f"""
        import os, signal, threading
        import SharedArray as sa
        path = {shm_path(name)!r}
        def interrupt():
            while not os.path.exists(path):
                pass
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        try:
            sa.create({name!r}, 2**27, dtype="f8", populate=True)
        except KeyboardInterrupt:
            print("interrupted", os.path.exists(path))
        else:
            print("not interrupted")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["interrupted", "False"]
    assert not os.path.exists(shm_path(name))


def test_populate_without_interrupt(name):
    a = sa.create(name, 2**17, dtype="f8", populate=True)
    assert a.sum() == 0 and a.nbytes == 2**20
    a[-1] = 3
    assert sa.attach(name)[-1] == 3
