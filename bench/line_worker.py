# Copyright (c) 2026 The SharedArray developers. MIT License.
"""A benchmark worker process that answers one line per line it is sent
(bench/run_all.py and bench/list_scaling.py drive c_latency --serve,
py_latency.py --serve and list_scaling.py's own workers with it)."""
import subprocess


class LineWorker:
    def __init__(self, label, cmd, env=None, cwd=None):
        self.label = label
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True,
                                     env=env, cwd=cwd, bufsize=1)

    def ask_line(self, line):
        """The worker's answer to line; RuntimeError when it reports an
        error or has died."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.readline().strip()
        if not out:
            raise RuntimeError(f"{self.label} worker died ({line!r})")
        if out.startswith("error"):
            raise RuntimeError(f"{self.label} {line!r}: {out}")
        return out

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
