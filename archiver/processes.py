"""Processes that end cleanly: workers that die with their parent, a pool stopped at once, steps Ctrl-C cannot split.

Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. Workers ignore it and
leave the decision to the parent, which stops them at once (SIGKILL, then join) instead of waiting in
`ProcessPoolExecutor.shutdown` for work nobody will read. A parent killed outright cannot stop anyone,
so each worker also asks the kernel to kill it when its parent dies (Linux), and watches its parent's
pid as a fallback everywhere.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# How often a worker's fallback watchdog looks at its parent's pid.
WATCH_SECONDS = 0.5


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers never outlive this block, however it ends.

    On a normal end the pool is shut down as usual; on any exception (KeyboardInterrupt, the consumer
    closing a generator, an error) the workers are killed and joined before the exception goes on.
    """
    # Under fork and spawn the workers are our children, so their parent pid is known in advance;
    # under forkserver their parent is the server, and the start-up check is skipped.
    method = multiprocessing.get_start_method()
    parent = os.getpid() if method in ("fork", "spawn") else 0
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(parent,))
    processes = pool._processes  # the executor's own dict of live workers; shutdown() drops its reference
    try:
        yield pool
        pool.shutdown(wait=True)
    except BaseException:
        with uninterrupted():
            _stop(pool, list((processes or {}).values()))
        raise


def in_order(
    pool: Executor | None, calls: Iterable[tuple[Callable[..., Any] | None, tuple[Any, ...]]]
) -> Iterator[Any]:
    """The results of `calls` (function, arguments), in order: on `pool` with a bounded window in flight
    (a few calls per worker, so memory does not grow with the archive), or here, one by one, without one.
    A call without a function, `(None, (result,))`, is a result known already: it keeps its place in
    the order without a round trip through the pool."""
    if pool is None:
        for function, arguments in calls:
            yield function(*arguments) if function is not None else arguments[0]
        return
    window = 2 * (getattr(pool, "_max_workers", None) or 1)
    pending: deque[Future[Any]] = deque()
    for function, arguments in calls:
        if function is None:
            done: Future[Any] = Future()
            done.set_result(arguments[0])
            pending.append(done)
        else:
            pending.append(pool.submit(function, *arguments))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _stop(pool: ProcessPoolExecutor, processes: list[multiprocessing.Process]) -> None:
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join()
    # A worker killed halfway through sending a result leaves the executor's manager thread waiting for the
    # rest of that message: the pipe's last write end is ours, so closing it ends the wait (EOF), and the
    # manager, seeing a broken pool, ends too. Without this, shutdown() hangs about one time in four.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent(parent: int) -> None:
    """Pool initializer, run in each worker before its first task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent hears Ctrl-C too, and stops us itself
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    watched = os.getppid()
    if parent and watched != parent:  # the parent died before the kernel was asked to tell us
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(watched,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """The fallback where the kernel cannot kill us with our parent: exit once we are someone else's child."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C until the block is done, so that a clean-up or a commit of several steps is never cut in half.

    A SIGINT received meanwhile is acted on when the block ends normally (usually: KeyboardInterrupt
    then). Only the main thread can change signal handlers; elsewhere the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received and callable(previous):
        previous(signal.SIGINT, None)
