"""CPU-bound requests off the event loop: a few threads, a bounded queue, a time budget.

A search or a page render is Python work of a few to a hundred milliseconds.
Run on the event loop (an ``async`` handler), it holds every other request of
the worker, ``/healthz`` included, for as long as it runs: a handful of
clients sending costly searches stalled the whole service. Handlers wrapped
with :func:`offloaded` run in one of ``work_threads`` threads instead, and the
loop keeps answering what it answers itself (health, metrics, method and
field lookups from prepared responses).

What cannot start soon is refused rather than queued without end: when
``work_queue`` requests already wait for a thread, or one has waited its
whole ``work_budget``, it is answered ``503`` problem+json with
``Retry-After`` (a client or proxy retries later, or elsewhere). The budget
also reaches the search itself (``deadline``), which gives up between its
steps once it is spent.

anyio's own thread pool (Starlette's ``run_in_threadpool``) is used with a
limiter of our size; what it lacks, and is kept here, is the bound on
waiting: a capacity limiter queues without limit.
"""

from __future__ import annotations

import contextvars
import functools
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import Request

from service.settings import Settings

from .errors import Unavailable

P = ParamSpec("P")
R = TypeVar("R")
# When the request being worked on has spent its budget (time.monotonic), in its thread.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


class Busy(Unavailable):
    """Too much work waiting, or a request past its time budget: retry later."""

    slug, title = "busy", "Too busy"

    def __init__(self, detail: str, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


class Work:
    def __init__(self, threads: int, queue: int, budget: float) -> None:
        self.threads = threads
        self.queue = queue
        self.budget = budget
        self.waiting = 0  # requests waiting for a thread
        self._limiters: tuple[anyio.CapacityLimiter, anyio.CapacityLimiter] | None = None

    @classmethod
    def of(cls, settings: Settings) -> Work:
        return cls(settings.work_threads, settings.work_queue, settings.work_budget)

    def _made(self) -> tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]:
        # made in the event loop (anyio needs one); the second one sizes the thread pool
        if self._limiters is None:
            self._limiters = (
                anyio.CapacityLimiter(self.threads),
                anyio.CapacityLimiter(self.threads),
            )
        return self._limiters

    async def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``fn(*args, **kwargs)`` in a thread, or :class:`Busy` (503) when it cannot
        start within the budget or too many wait already."""
        deadline = time.monotonic() + self.budget
        running, pool = self._made()
        if running.available_tokens == 0 and self.waiting >= self.queue:
            raise Busy(
                f"{self.waiting} requests are waiting already; retry in a moment",
                self._retry_after(),
            )
        self.waiting += 1
        try:
            with anyio.move_on_after(self.budget) as waited:
                await running.acquire()
        finally:
            self.waiting -= 1
        if waited.cancelled_caught:
            raise Busy(
                f"the request waited {self.budget:g} s for the server; retry in a moment",
                self._retry_after(),
            )
        try:
            token = _DEADLINE.set(deadline)  # copied into the thread with the context
            try:
                call = functools.partial(fn, *args, **kwargs)
                return await anyio.to_thread.run_sync(call, limiter=pool)
            finally:
                _DEADLINE.reset(token)
        finally:
            running.release()

    def _retry_after(self) -> int:
        return max(1, math.ceil(self.budget))


def deadline() -> float | None:
    """When the request this thread works on has spent its budget, if it has one."""
    return _DEADLINE.get()


def work_of(request: Request) -> Work:
    work: Work = request.app.state.work
    return work


def offloaded(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """An ``async`` route handler that runs ``handler`` (a plain function taking the
    ``request`` by name) through the app's :class:`Work`. Its signature is the
    handler's, so FastAPI reads the same parameters."""

    @functools.wraps(handler)
    async def endpoint(*args: P.args, **kwargs: P.kwargs) -> R:
        request = kwargs["request"]
        assert isinstance(request, Request)
        return await work_of(request).run(handler, *args, **kwargs)

    return endpoint
