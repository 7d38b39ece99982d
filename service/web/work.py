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

The threads are this module's own, fed by one ``queue.SimpleQueue``, each answer
handed back with ``call_soon_threadsafe``. anyio's pool (Starlette's
``run_in_threadpool``) was used before, with two ``CapacityLimiter``\\ s and a
cancel scope a request: the way there and back cost 60-100 us (a thread that
does nothing, measured on the loop), against 15-25 us now, and every uncached
search pays it (the search section's cold pass, and the flood). What anyio gave
and is kept: a bounded number at a time (a thread is not free again until its
work ends, even when the request that asked for it was cancelled), the context
(``deadline``) copied into the thread, and an exception raised in the thread
raised in the request.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from queue import SimpleQueue
from typing import Any, ParamSpec, TypeVar

from starlette.requests import Request

from service.settings import Settings

from .errors import Unavailable

P = ParamSpec("P")
R = TypeVar("R")
# When the request being worked on has spent its budget (time.monotonic), in its thread.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)
# A piece of work for a thread: its loop, the future it answers, the context to run it in.
_Job = tuple[
    asyncio.AbstractEventLoop, "asyncio.Future[Any]", contextvars.Context, Callable[[], Any]
]


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
        self.running = 0  # pieces of work in a thread (at most ``threads``)
        self._turns: deque[asyncio.Future[None]] = deque()  # the waiting, first come first
        self._jobs: SimpleQueue[_Job] = SimpleQueue()
        self._started = 0  # threads started (on demand, up to ``threads``)
        self._lock = threading.Lock()

    @classmethod
    def of(cls, settings: Settings) -> Work:
        return cls(settings.work_threads, settings.work_queue, settings.work_budget)

    async def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``fn(*args, **kwargs)`` in a thread, or :class:`Busy` (503) when it cannot
        start within the budget or too many wait already."""
        deadline = time.monotonic() + self.budget
        loop = asyncio.get_running_loop()
        if self.running < self.threads:
            self.running += 1  # a thread's place, freed by _done when its work has finished
        else:
            await self._wait_turn(loop)  # the place is handed over by _next
        if self._started < self.threads:
            self._start_thread()
        token = _DEADLINE.set(deadline)  # copied into the thread with the context
        try:
            context = contextvars.copy_context()
        finally:
            _DEADLINE.reset(token)
        answer: asyncio.Future[R] = loop.create_future()
        self._jobs.put((loop, answer, context, functools.partial(fn, *args, **kwargs)))
        return await answer

    async def _wait_turn(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.waiting >= self.queue:
            raise Busy(
                f"{self.waiting} requests are waiting already; retry in a moment",
                self._retry_after(),
            )
        turn: asyncio.Future[None] = loop.create_future()
        self._turns.append(turn)
        self.waiting += 1
        try:
            async with asyncio.timeout(self.budget):
                await turn
        except BaseException as exc:
            if turn.done() and not turn.cancelled():  # handed a place as it gave up: passed on
                self.running -= 1
                self._next()
            if isinstance(exc, TimeoutError):
                raise Busy(
                    f"the request waited {self.budget:g} s for the server; retry in a moment",
                    self._retry_after(),
                ) from None
            raise
        finally:
            self.waiting -= 1
            if not turn.done():
                turn.cancel()
                self._turns.remove(turn)

    def _start_thread(self) -> None:
        with self._lock:
            self._started += 1
            name = f"work-{self._started}"
        threading.Thread(target=self._serve, name=name, daemon=True).start()

    def _serve(self) -> None:
        """A work thread: each piece of work run in its context, its outcome sent back."""
        while True:
            loop, answer, context, call = self._jobs.get()
            try:
                outcome: tuple[Any, BaseException | None] = (context.run(call), None)
            except BaseException as exc:  # raised in the request, as the handler's own
                outcome = (None, exc)
            try:
                loop.call_soon_threadsafe(self._done, answer, *outcome)
            except RuntimeError:  # the loop closed: nobody waits for the answer, but the
                self.running -= 1  # place is freed, or a later loop finds one fewer thread

    def _done(self, answer: asyncio.Future[Any], value: Any, exc: BaseException | None) -> None:
        self.running -= 1
        if not answer.done():  # not cancelled (the client went away)
            if exc is not None:
                answer.set_exception(exc)
            else:
                answer.set_result(value)
        self._next()

    def _next(self) -> None:
        """A thread is free: the request waiting the longest gets it."""
        while self._turns and self.running < self.threads:
            turn = self._turns.popleft()
            if not turn.done():
                self.running += 1  # the place is the waiting request's now
                turn.set_result(None)
                return

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
