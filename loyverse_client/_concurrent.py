"""Running a ``WindowPlan``: worker threads for ``LoyverseClient``, tasks for the async client.

The two runners are twins over the plan, which makes every decision. Each starts its workers when
the caller asks for the first object (a generator's first step) and stops them when the walk ends
for any reason: every window walked, the caller's ``break`` (the generator is closed), or an error.
A worker's final error (after the client's retries) stops the other workers and is raised to the
caller as it is; a walk never ends with a worker still running:

- threads are joined; a thread waiting on the pacer or before a retry is woken at once (its
  waits are cut short by ``STOP``, an event the client's send loop checks), and one sending a
  request finishes that request first (within the client's ``timeout``);
- tasks are cancelled and awaited.

``spare`` says how many requests the client's pacer would let through now, for the plan to cut
windows only while that helps. Only the plan's calls go through the lock (a ``Condition``);
requests and parsing run outside it.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from contextvars import ContextVar
from typing import Any

from ._windows import PageT, Task, WindowPlan

__all__ = ["STOP", "Stopped", "aflatten", "flatten", "run_tasks", "run_threads"]

STOP: ContextVar[threading.Event | None] = ContextVar("loyverse_stop", default=None)
"""Set in a worker thread: the client's send loop gives up waiting once the event is set."""


class Stopped(Exception):
    """A worker's request was abandoned because the walk is ending (never reaches the caller)."""


def run_threads(
    plan: WindowPlan[PageT],
    fetch: Callable[[Any], PageT],
    concurrency: int,
    spare: Callable[[], int | None] = lambda: None,
) -> Generator[list[Any], None, None]:
    """The plan's objects, a page's worth at a time (as the plan's ``take`` gives them),
    walked by ``concurrency`` threads."""
    lock = threading.Condition()
    stop = threading.Event()
    failures: list[BaseException] = []

    def next_task() -> Task[PageT] | None:
        with lock:
            while not stop.is_set():
                if (task := plan.next_task(spare())) is not None:
                    return task
                if plan.finished:
                    return None
                lock.wait()
            return None

    def work() -> None:
        STOP.set(stop)
        try:
            while (task := next_task()) is not None:
                page = fetch(task.call)
                with lock:
                    while not plan.has_room(task.window) and not stop.is_set():
                        lock.wait()
                    if not stop.is_set():
                        plan.receive(task.window, page)
                    lock.notify_all()
        except Stopped:
            return
        except BaseException as exc:  # the plan's own errors too: never a silent worker's end
            with lock:
                failures.append(exc)
                stop.set()
                lock.notify_all()

    workers = [
        threading.Thread(target=work, name=f"loyverse-walk-{n}", daemon=True)
        for n in range(concurrency)
    ]
    for worker in workers:
        worker.start()
    try:
        while True:
            with lock:
                # A failure ends the walk at once, before the pages still waiting.
                while failures or (objects := plan.take()) is None:
                    if failures:
                        raise failures[0]
                    if plan.finished:
                        return
                    lock.wait()
                lock.notify_all()
            yield objects
    finally:
        with lock:
            stop.set()
            lock.notify_all()
        for worker in workers:
            worker.join()


async def run_tasks(
    plan: WindowPlan[PageT],
    fetch: Callable[[Any], Awaitable[PageT]],
    concurrency: int,
    spare: Callable[[], int | None] = lambda: None,
) -> AsyncGenerator[list[Any], None]:
    """The plan's objects, a page's worth at a time, walked by ``concurrency`` tasks."""
    import asyncio

    lock = asyncio.Condition()
    failures: list[BaseException] = []

    async def next_task() -> Task[PageT] | None:
        async with lock:
            while not failures:
                if (task := plan.next_task(spare())) is not None:
                    return task
                if plan.finished:
                    return None
                await lock.wait()
            return None

    async def work() -> None:
        try:
            while (task := await next_task()) is not None:
                page = await fetch(task.call)
                async with lock:
                    await lock.wait_for(lambda: plan.has_room(task.window) or bool(failures))
                    if not failures:
                        plan.receive(task.window, page)
                    lock.notify_all()
        except Exception as exc:  # the plan's own errors too: never a silent worker's end
            async with lock:
                failures.append(exc)
                lock.notify_all()

    workers = [asyncio.ensure_future(work()) for _ in range(concurrency)]
    try:
        while True:
            async with lock:
                while failures or (objects := plan.take()) is None:
                    if failures:
                        raise failures[0]
                    if plan.finished:
                        return
                    await lock.wait()
                lock.notify_all()
            yield objects
    finally:
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


def flatten(batches: Generator[list[Any], None, None]) -> Generator[Any, None, None]:
    """The objects of ``batches``, one at a time; closing it closes ``batches`` (the walk)."""
    try:
        for batch in batches:
            yield from batch
    finally:
        batches.close()


async def aflatten(batches: AsyncGenerator[list[Any], None]) -> AsyncGenerator[Any, None]:
    """``flatten`` for ``run_tasks``."""
    try:
        async for batch in batches:
            for obj in batch:
                yield obj
    finally:
        await batches.aclose()
