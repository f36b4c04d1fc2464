"""Where a concurrent export stopped: ``FILE.progress.json``, next to the export ``FILE``.

A concurrent export (``--concurrency N``) writes pages as their windows deliver them, so the
file is not in the listing's order and its last object says nothing of what is left. After every
page it writes, the export records in the progress file how long the data file is, how many
objects it holds and which ranges of creation time are still to walk (``WindowPlan.progress``):
each window's lower bound, and how far down it was taken, less the keys at that millisecond
already written. ``--resume`` cuts the data file back to the recorded length (a page written
after the last record is dropped, and fetched again) and walks only the ranges left: nothing is
written twice and nothing is missed, wherever the export was interrupted.

The progress file is written first, saying that everything is left, before the data file is
replaced, so an export stopped at any point can be resumed. It is replaced atomically (written
beside it, then renamed), so it is always whole. It is kept when the export completes, saying
nothing is left: ``--resume`` then adds nothing, where the plain resume, which reads the file's
last object, would add objects written long before. An export without ``--concurrency`` removes
the progress file of an earlier one once it replaces the data file; a ``--resume`` of a file
without one continues after the file's last object, in one chain.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import CommandError

__all__ = ["Progress", "progress_path", "read_progress", "remove_progress", "write_progress"]

_VERSION = 1


def progress_path(path: Path) -> Path:
    """The progress file of the export ``path``."""
    return path.with_name(path.name + ".progress.json")


@dataclass(frozen=True)
class Progress:
    """What a concurrent export had written when it last recorded its progress."""

    resource: str
    params: dict[str, str]
    """The query's parameters: a resume must ask for the same objects."""
    fmt: str
    size: int
    """The data file's length in bytes after the last complete page."""
    records: int
    windows: list[dict[str, Any]]
    """The ranges still to walk; empty when the export completed."""

    @property
    def complete(self) -> bool:
        return not self.windows


def read_progress(path: Path) -> Progress | None:
    """The progress file of the export ``path``; ``None`` if there is none."""
    where = progress_path(path)
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        return Progress(
            str(data["resource"]),
            {str(k): str(v) for k, v in data["params"].items()},
            str(data["format"]),
            int(data["size"]),
            int(data["records"]),
            list(data["windows"]),
        )
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CommandError(f"cannot read {where}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CommandError(
            f"{where} is not the progress of an export ({exc}); export again without --resume"
        ) from None


def write_progress(path: Path, progress: Progress) -> None:
    """Record ``progress`` for the export ``path``, atomically."""
    where = progress_path(path)
    data = {
        "version": _VERSION,
        "resource": progress.resource,
        "params": progress.params,
        "format": progress.fmt,
        "size": progress.size,
        "records": progress.records,
        "windows": progress.windows,
    }
    partial = where.with_name(where.name + ".partial")
    try:
        partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(partial, where)
    except OSError as exc:
        raise CommandError(f"cannot write {where}: {exc.strerror or exc}") from None


def remove_progress(path: Path) -> None:
    """Forget the progress of an earlier export of ``path`` (a new export replaces it)."""
    try:
        progress_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot remove {progress_path(path)}: {exc.strerror or exc}") from None
