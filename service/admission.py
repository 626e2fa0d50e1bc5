"""Admission control: how many requests upload, fetch and infer at once, and a bounded queue.

Every limit answers at once when it is full (HTTP 429, ``APIG.0308``) instead of letting
requests pile up: a request that cannot be served soon is better refused now than after a
minute. Only the inference queue waits, and only while it has room, at most
``queue_timeout_s``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from airocr.service.errors import THROTTLED, ApiError


@dataclass(frozen=True)
class AdmissionLimits:
    infer_slots: int = 2  # requests inferring at once (see Settings.infer_concurrency)
    queue_size: int = 8  # requests waiting for a slot; the next one gets 429 at once
    queue_timeout_s: float = 60.0  # longest wait in the queue before 429
    uploads: int = 16  # request bodies being received at once
    fetches: int = 4  # ``url`` downloads at once (outside the inference slots)


def throttled(what: str) -> ApiError:
    return ApiError(429, THROTTLED, f"The request is throttled: {what}.")


class Admission:
    """The counters and the inference semaphore of one worker process (use from its event loop)."""

    def __init__(self, limits: AdmissionLimits) -> None:
        self.limits = limits
        self._slots = asyncio.Semaphore(limits.infer_slots)
        self.admitted = 0  # requests inferring or waiting for a slot
        self.uploading = 0
        self.fetching = 0

    def upload(self):  # -> AsyncContextManager[None]
        return self._counted("uploading", self.limits.uploads, "too many uploads in progress")

    def fetch(self):  # -> AsyncContextManager[None]
        return self._counted("fetching", self.limits.fetches, "too many url downloads in progress")

    @asynccontextmanager
    async def _counted(self, counter: str, limit: int, refusal: str) -> AsyncIterator[None]:
        """Hold one of ``limit`` places counted in ``self.<counter>``; 429 at once when none is free."""
        if getattr(self, counter) >= limit:
            raise throttled(refusal)
        setattr(self, counter, getattr(self, counter) + 1)
        try:
            yield
        finally:
            setattr(self, counter, getattr(self, counter) - 1)

    @asynccontextmanager
    async def inference(self) -> AsyncIterator[float]:
        """Wait for an inference slot if the queue has room (yields the seconds waited); 429 at once
        when it is full."""
        if self.admitted >= self.limits.infer_slots + self.limits.queue_size:
            raise throttled("the queue is full")
        self.admitted += 1
        try:
            started = time.perf_counter()
            try:
                await asyncio.wait_for(self._slots.acquire(), timeout=self.limits.queue_timeout_s)
            except TimeoutError as exc:
                raise throttled("waited too long in the queue") from exc
            try:
                yield time.perf_counter() - started
            finally:
                self._slots.release()
        finally:
            self.admitted -= 1

    @property
    def waiting(self) -> int:
        """Requests admitted but not (yet) holding a slot."""
        return max(0, self.admitted - self.limits.infer_slots)
