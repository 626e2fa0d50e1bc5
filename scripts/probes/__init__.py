"""Black-box probes of a running ``airocr serve``: fuzzing, memory, overload and a trickling url.

Each is a module run as ``python -m scripts.probes.NAME`` that prints its figures; the fast
versions run in ``tests/test_hardening_*.py``. :mod:`scripts.probes.server` starts a server in a
subprocess and reads its RSS from ``/proc``.
"""
