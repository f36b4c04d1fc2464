"""The status line: what a running command is doing, on stderr, while its data goes elsewhere.

On a terminal it is one line rewritten in place (``\\r``): the export's count, and the client's
waits (``waiting 12 s before the next request…``), so a paced export never looks stalled. It is
cleared before the command prints anything else. When stderr is not a terminal (a log file, CI),
counts are not shown and each wait is a plain line of its own.

Waits come from the SDK's logger: the client logs every wait longer than a second on
``loyverse_client`` at INFO, with the seconds in the record's ``loyverse_wait`` attribute.
``waits_shown`` listens there while a client is open, and only then.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["WAIT_ATTRIBUTE", "StatusLine", "waits_shown"]

WAIT_ATTRIBUTE = "loyverse_wait"
"""The ``LogRecord`` attribute holding a wait of the client, in seconds (a float)."""

_LOGGER = "loyverse_client"


class StatusLine:
    """One line of ``err`` saying what is going on; see the module docstring."""

    def __init__(self, err: TextIO) -> None:
        # Waits are reported from the threads of a concurrent export, progress from the main one.
        self._lock = threading.RLock()
        self._err = err
        self._tty = err.isatty()
        self._progress = ""
        self._width = 0  # what the terminal line shows now, in characters

    def progress(self, text: str) -> None:
        """Show how far the command got (on a terminal; elsewhere counts would flood a log)."""
        with self._lock:
            self._progress = text
            if self._tty:
                self._show(text)

    def waiting(self, seconds: float) -> None:
        """Say that the client waits ``seconds`` before its next request."""
        note = f"waiting {math.ceil(seconds)} s before the next request…"
        with self._lock:
            if self._tty:
                self._show(f"{self._progress}, {note}" if self._progress else note)
            else:
                self._err.write(note + "\n")
                self._err.flush()

    def clear(self) -> None:
        """Blank the terminal line, so that what is printed next starts on a clean line."""
        with self._lock:
            if self._width:
                self._err.write("\r" + " " * self._width + "\r")
                self._err.flush()
                self._width = 0

    def end(self, message: str | None = None) -> None:
        """Replace the line with ``message`` (a line of its own), or just clear it."""
        with self._lock:
            self._progress = ""
            if message is None:
                self.clear()
            elif self._width:
                self._err.write("\r" + message.ljust(self._width) + "\n")
                self._width = 0
            else:
                self._err.write(message + "\n")

    def _show(self, text: str) -> None:
        self._err.write("\r" + text.ljust(self._width))
        self._err.flush()
        self._width = max(len(text), self._width)


class _WaitHandler(logging.Handler):
    def __init__(self, status: StatusLine) -> None:
        super().__init__(logging.INFO)
        self._status = status

    def emit(self, record: logging.LogRecord) -> None:
        seconds = getattr(record, WAIT_ATTRIBUTE, None)
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0:
            self._status.waiting(float(seconds))


@contextmanager
def waits_shown(status: StatusLine) -> Iterator[None]:
    """Show the client's waits on ``status`` until the block ends; then clear the line.

    The ``loyverse_client`` logger is set to INFO meanwhile if it would drop INFO records (its
    default, inherited from the root logger, is WARNING); its level and handlers are restored.
    """
    logger = logging.getLogger(_LOGGER)
    handler = _WaitHandler(status)
    level = logger.level
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        status.clear()
