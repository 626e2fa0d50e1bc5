"""Keeping the C heap from holding on to memory after large requests (glibc only; no-op elsewhere).

A large request (an 8192 px image, a page of 3,000 lines) allocates and frees buffers of tens to
hundreds of MB (numpy arrays, onnxruntime activations, with its arena off). glibc serves a freed
block's size from its heap next time ("dynamic mmap threshold", up to 32 MB), where freed
memory fragments and stays in the process: peaks grow and RSS never comes back down.
:func:`tune_allocator` fixes the threshold, so every block of ``MMAP_THRESHOLD`` or more is its
own mapping, returned to the OS when freed; :func:`release_memory` trims what the heap keeps
after each request. Figures: docs/tuning/memory.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os
import platform
import sys

log = logging.getLogger(__name__)

MMAP_THRESHOLD = 1 << 20  # bytes: larger allocations get their own mapping (glibc M_MMAP_THRESHOLD)
_M_MMAP_THRESHOLD = -3  # mallopt parameter number in glibc's malloc.h


@functools.cache
def _libc():  # -> ctypes.CDLL or None
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim, libc.mallopt  # noqa: B018 - both exist only in glibc
        return libc
    except (OSError, AttributeError):
        return None


def tune_allocator(mmap_threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's mmap threshold for this process; False where that is not possible."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold))


def release_memory() -> None:
    """Return the C heap's free pages to the OS."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


# glibc's malloc asks the kernel for transparent huge pages on the memory it maps (glibc >= 2.35;
# older versions ignore the tunable). With the mmap threshold above, every buffer of 1 MiB or more
# (the detector's activations: ~150 MB per card at 640 x 1024) is mapped afresh at each run and
# faulted in page by page; in 2 MB pages it is faulted in 512 times less often (the same memory,
# returned to the OS when freed). Figures: docs/performance.md, part 6.
HUGEPAGE_TUNABLE = "glibc.malloc.hugetlb=1"
HUGEPAGE_OFF_VAR = "AIROCR_HUGEPAGES"  # "0": start without the tunable


def hugepage_environ(environ: dict[str, str], platform: str, libc: str) -> dict[str, str] | None:
    """The environment to start the process again with so that glibc's malloc uses transparent huge
    pages; None when the tunable is already set (the process was started so), turned off
    (``AIROCR_HUGEPAGES=0``) or the C library is not glibc on Linux."""
    tunables = environ.get("GLIBC_TUNABLES", "")
    if (platform != "linux" or libc != "glibc" or environ.get(HUGEPAGE_OFF_VAR) == "0"
            or "glibc.malloc.hugetlb" in tunables):
        return None
    return {**environ, "GLIBC_TUNABLES": f"{tunables}:{HUGEPAGE_TUNABLE}" if tunables else HUGEPAGE_TUNABLE}


def restart_with_hugepages() -> None:
    """Start this program again, as the same process (``execve``: same pid, same arguments), with
    the environment of :func:`hugepage_environ`; returns only when that is not wanted or possible.
    Called first thing by the ``airocr`` command (and the profiler), before any thread is started."""
    env = hugepage_environ(dict(os.environ), sys.platform, platform.libc_ver()[0])
    if env is None or not getattr(sys, "orig_argv", None):
        return
    try:
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    except OSError as exc:  # the program goes on as it was started
        log.warning("could not restart with huge pages: %s", exc)
