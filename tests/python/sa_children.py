# Child-process bodies for test_processes.py. They live in their own module
# so that the "spawn" start method can import them in a fresh interpreter.
# Each child reports failures through its exit code and the pipe; the parent
# never sleeps, it waits for messages or for the child to exit.
import numpy as np

import SharedArray as sa


def write_then_exit(name, value):
    """Attach name and fill it with value; the parent checks after exit."""
    a = sa.attach(name)
    a[...] = value


def check_then_write(name, expect, value):
    """Check what the parent wrote, then write back. Exit 3 on a mismatch."""
    a = sa.attach(name)
    if not (a == expect).all():
        raise SystemExit(3)
    a[...] = value


def ping_pong(name, conn, rounds):
    """Alternate writes with the parent, synchronised over conn.

    Each round the parent writes i into a[0] and sends "go"; the child checks
    it, writes -i into a[1] and answers "ok" (or an error message).
    """
    a = sa.attach(name)
    for i in range(rounds):
        if conn.recv() != "go":
            return
        if a[0] != i:
            conn.send(f"round {i}: saw {a[0]}")
            return
        a[1] = -i
        conn.send("ok")
    conn.close()


def create_and_report(name, shape, dtype, order, conn):
    """Create the array in the child, fill it, and tell the parent."""
    a = sa.create(name, shape, dtype=dtype, order=order)
    a[...] = np.arange(a.size).reshape(a.shape).astype(dtype)
    conn.send((a.shape, a.dtype.str))
    # Wait until the parent has attached and says we may go: the array must
    # outlive this child (it lives until delete).
    conn.recv()
    conn.close()


def readonly_write(name):
    """Try to write through a read-only attach; exit 0 if it is refused."""
    a = sa.attach(name, ro=True)
    try:
        a[0] = 1
    except ValueError:
        raise SystemExit(0)
    raise SystemExit(5)
