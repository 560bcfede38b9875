#!/usr/bin/env python3
# Copyright (c) 2026 The SharedArray developers. MIT License.
"""stream.py -- the producer of the streaming demo (run-stream-demo).

Writes FRAMES frames into PREFIX-frame (240x320 float32), each one under the
array's lock, and notifies after each: every consumer (Lua, Octave) wakes,
takes a consistent snapshot, checks it is whole and acknowledges it in
PREFIX-acks, which it notifies in turn. The producer waits on PREFIX-acks
until every consumer has seen the frame, then writes the next one. Nobody
polls and nobody sleeps: every process sleeps in wait() until notified. A
last frame of -1 tells the consumers to stop.

    stream.py PREFIX NCONSUMERS FRAMES
"""
import sys
import time

import numpy as np
import SharedArray as sa


def main(prefix, nconsumers, frames):
    frame = sa.attach(prefix + "-frame")
    acks = sa.attach(prefix + "-acks")

    def wait_acks(k):
        """Until every consumer has acknowledged frame k (a wait, no poll)."""
        g = sa.generation(acks)
        while not (acks == k).all():
            g = sa.wait(acks, g, timeout=60)

    wait_acks(0)  # every consumer attached and waiting
    t0 = time.perf_counter()
    for k in list(range(1, frames + 1)) + [-1]:
        with sa.lock(frame):
            frame[:] = k          # a whole frame, never seen half-written
        sa.notify(frame)
        if k > 0:
            wait_acks(k)
    dt = time.perf_counter() - t0
    print("python: wrote %d frames of %s, each seen whole by %d consumers "
          "(%.0f us per frame and acknowledgement round)"
          % (frames, frame.shape, nconsumers, dt / frames * 1e6))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
