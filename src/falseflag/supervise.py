"""Running one piece of plugin code so that it can be stopped: a time limit, Ctrl-C, SIGTERM.

The code runs in a thread of its own while the calling thread waits, so the caller stays
free to notice a signal or a deadline. Stopping interrupts the DuckDB query the code is
running (``connection.interrupt()``) and raises ``Stopped`` inside its thread, which ends a
Python loop at its next step. Code stuck inside a call that neither gives way (a
C-level sleep, a blocking read) is left behind in its daemon thread and reported.
"""

from __future__ import annotations

import ctypes
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

GRACE_SECONDS = 5.0
"""How long stopped code has to end after its query is interrupted."""

POLL_SECONDS = 0.1


class Stopped(BaseException):
    """Raised inside code that is being stopped (a BaseException, so ``except Exception`` does not keep it alive)."""


@dataclass
class Outcome:
    """How a supervised call ended: its value, or the exception it raised, or that it was stopped."""

    value: Any = None
    error: BaseException | None = None
    traceback: str = ""
    timed_out: bool = False
    abandoned: bool = False
    """The code did not end within GRACE_SECONDS of being stopped; its thread was left behind."""
    connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list)


def supervise(work: Callable[[Outcome], Any], *, timeout: float | None = None, name: str = "falseflag-worker") -> Outcome:
    """Call ``work(outcome)`` in a new thread and wait for it, at most ``timeout`` seconds.

    ``work`` appends the DuckDB connections it opens to ``outcome.connections`` so that a
    stop can interrupt them. A KeyboardInterrupt (or any BaseException) in the waiting
    thread stops the work and is raised again once it has ended.
    """
    outcome = Outcome()

    def target() -> None:
        try:
            outcome.value = work(outcome)
        except BaseException as exc:  # noqa: BLE001 - plugin code may raise anything, SystemExit included
            outcome.error = exc
            outcome.traceback = traceback.format_exc()

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while thread.is_alive():
            wait = POLL_SECONDS if deadline is None else max(0.0, min(POLL_SECONDS, deadline - time.monotonic()))
            thread.join(wait)
            if deadline is not None and thread.is_alive() and time.monotonic() >= deadline:
                outcome.timed_out = True
                outcome.abandoned = not _stop(thread, outcome)
                break
    except BaseException:
        _stop(thread, outcome)
        raise
    return outcome


def _stop(thread: threading.Thread, outcome: Outcome) -> bool:
    """Interrupt the thread's queries and raise Stopped in it; True when it ended within the grace time."""
    deadline = time.monotonic() + GRACE_SECONDS
    while thread.is_alive() and time.monotonic() < deadline:
        for con in list(outcome.connections):
            try:
                con.interrupt()
            except Exception:  # noqa: BLE001 - a closed connection
                pass
        if thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(Stopped))
        thread.join(POLL_SECONDS)
    return not thread.is_alive()


__all__ = ["GRACE_SECONDS", "Outcome", "Stopped", "supervise"]
