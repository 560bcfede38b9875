# Shared fixtures for the SharedArray pytest suite.
#
# Every test gets names that are unique per process and per test (several
# suites run at once on one machine), and whatever it creates is deleted
# afterwards, even when the test fails.
import itertools
import os

import pytest

import SharedArray as sa

_counter = itertools.count()


def unique_name(tag="t"):
    """A fresh shm name: sa-py-<tag>-<pid>-<n>."""
    return f"sa-py-{tag}-{os.getpid()}-{next(_counter)}"


def shm_path(name):
    """The file behind an shm name on Linux."""
    return "/dev/shm/" + name.removeprefix("shm://")


def mappings_of(path):
    """Lines of /proc/self/maps that map path (an shm name or a file)."""
    with open("/proc/self/maps") as f:
        return [line for line in f
                if line.rstrip("\n").split(None, 5)[5:] and
                line.rstrip("\n").split(None, 5)[5].removesuffix(" (deleted)")
                == path]


def open_fds():
    """The number of file descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))


class Names:
    """Hands out unique names and deletes them at teardown."""

    def __init__(self, tmp_path):
        self.made = []
        self.tmp_path = tmp_path

    def shm(self, tag="t"):
        """A unique shm name (plain, without the shm:// prefix)."""
        name = unique_name(tag)
        self.made.append(name)
        return name

    def file(self, tag="f"):
        """A unique file:// name in the test's temporary directory."""
        return f"file://{self.tmp_path}/{unique_name(tag)}.npy"

    def cleanup(self):
        for name in self.made:
            try:
                sa.delete(name)
            except FileNotFoundError:
                pass
            except ValueError:  # a test left a corrupt segment on purpose
                os.unlink(shm_path(name))


@pytest.fixture
def names(tmp_path):
    """Unique shm / file:// names, cleaned up after the test."""
    n = Names(tmp_path)
    yield n
    n.cleanup()


@pytest.fixture
def name(names):
    """One unique shm name, cleaned up after the test."""
    return names.shm()


def pytest_report_header(config):
    return f"SharedArray {sa.__version__} from {os.path.dirname(sa.__file__)}"
