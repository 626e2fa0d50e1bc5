"""The service's processes start with glibc's transparent huge pages on (docs/performance.md, part 6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from airocr.service.memory import HUGEPAGE_TUNABLE, hugepage_environ

ROOT = Path(__file__).resolve().parents[2]


def test_the_tunable_is_added_once_and_kept_beside_others():
    env = hugepage_environ({"PATH": "/bin"}, "linux", "glibc")
    assert env == {"PATH": "/bin", "GLIBC_TUNABLES": HUGEPAGE_TUNABLE}
    env = hugepage_environ({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}, "linux", "glibc")
    assert env == {"GLIBC_TUNABLES": f"glibc.malloc.arena_max=2:{HUGEPAGE_TUNABLE}"}
    assert hugepage_environ(env, "linux", "glibc") is None  # already started with it: no second restart
    assert hugepage_environ({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"}, "linux", "glibc") is None  # a choice kept


def test_no_restart_when_turned_off_or_not_glibc_on_linux():
    assert hugepage_environ({"AIROCR_HUGEPAGES": "0"}, "linux", "glibc") is None
    assert hugepage_environ({}, "darwin", "") is None
    assert hugepage_environ({}, "linux", "") is None  # musl (Alpine)


def test_the_command_restarts_itself_with_the_tunable():
    """``python -m airocr.service.cli`` (as the ``airocr`` script) runs again with the tunable set: the
    command's output comes from the restarted process, which sees it in its environment."""
    code = ("import os, sys; from airocr.service import cli; "
            "cli.build_parser = lambda: type('P', (), {'parse_args': lambda self, a: type('A', (), "
            "{'func': staticmethod(lambda args: print(os.environ.get('GLIBC_TUNABLES', '')) or 0)})()})(); "
            "sys.exit(cli.main())")
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("GLIBC_TUNABLES", "AIROCR_HUGEPAGES")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    expected = HUGEPAGE_TUNABLE if sys.platform == "linux" and __import__("platform").libc_ver()[0] == "glibc" else ""
    assert proc.stdout.strip() == expected
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**env, "AIROCR_HUGEPAGES": "0"})
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stderr


def test_the_container_starts_with_the_tunable():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert f"ENV GLIBC_TUNABLES={HUGEPAGE_TUNABLE}" in lines
