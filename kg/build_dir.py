"""A build directory while `kg build` writes it: one build at a time, and the outputs replaced together at the end.

Every output is written to a staging directory inside DIR; only when all are written does `commit` move them into
place, build.json last. So a build that is interrupted — Ctrl-C, SIGTERM, SIGKILL, a full disk — leaves DIR as the
last complete build left it. The moves take microseconds, and Ctrl-C and SIGTERM wait until they are done; only a
SIGKILL or a crash in between can stop them half-way, and for that case a marker file (INCOMPLETE) is written
before the first move and removed after the last: commands that read DIR refuse it while the marker is there
(`require_complete`), and the next build replaces it.

A second build into the same DIR at the same time is refused: the lock (filelock, an OS lock on DIR/.kg-build.lock)
is held for the whole build and released by the OS when the process ends however it ends, so no stale lock can stay.
Staging directories a killed build left behind are removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from kg.errors import KgError

LOCK = ".kg-build.lock"
STAGING_PREFIX = ".kg-staging-"
INCOMPLETE = ".kg-incomplete"
SUMMARY = "build.json"  # moved in last: its presence beside the others says they are one build's
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class BuildDirectory:
    """`with BuildDirectory(DIR) as staged:` write the outputs into `staged.staging`, then `staged.commit(outputs)`."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._lock = FileLock(self.directory / LOCK, timeout=0)
        self._staging: Path | None = None

    def __enter__(self) -> BuildDirectory:
        if self.directory.exists() and not self.directory.is_dir():
            raise KgError(f"{self.directory}: not a directory; give --out a directory")
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise KgError(f"{self.directory}: another `kg build` is writing to it now; wait for it to finish, or give "
                          "this one another --out") from None
        try:
            for leftover in self.directory.glob(STAGING_PREFIX + "*"):
                shutil.rmtree(leftover, ignore_errors=True)  # a killed build's: no other build holds the lock
            self._staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.directory))
        except BaseException:
            self._lock.release()
            raise
        return self

    @property
    def staging(self) -> Path:
        """Where to write the outputs, under the names they will have in DIR, until the commit."""
        assert self._staging is not None, "used outside its `with` block"
        return self._staging

    def commit(self, outputs: tuple[str, ...]) -> None:
        """Move every staged output (file or directory) into DIR, replacing the last build's, build.json last. Of
        `outputs`, the names a build may write, those not staged are removed: no output of an earlier build stays
        beside this one's (its store, when this build has none)."""
        assert self._staging is not None, "used outside its `with` block"
        staged = sorted((path.name for path in self._staging.iterdir()), key=lambda name: name == SUMMARY)
        with _signals_deferred():
            marker = self.directory / INCOMPLETE
            marker.touch()
            (self.directory / SUMMARY).unlink(missing_ok=True)
            for name in outputs:
                if name not in staged:
                    self._discard(name)
            for name in staged:
                self._discard(name)
                os.replace(self._staging / name, self.directory / name)
            marker.unlink()

    def _discard(self, name: str) -> None:
        """Move DIR's output of that name, if any, into the staging, which is removed with what it holds."""
        if os.path.lexists(self.directory / name):
            os.replace(self.directory / name, self._staging / f"{name}.replaced")

    def __exit__(self, *_exc) -> None:
        try:
            if self._staging is not None:
                shutil.rmtree(self._staging, ignore_errors=True)
        finally:
            self._lock.release()


def require_complete(directory: Path) -> None:
    """Refuse a build directory whose outputs a killed build left half replaced."""
    if (Path(directory) / INCOMPLETE).exists():
        raise KgError(f"{directory}: a build was stopped while it replaced the outputs here, so they may mix two "
                      f"builds; run `kg build … --out {directory}` again")


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM received inside the block take effect when it ends. (Python runs signal handlers in the
    main thread only, and only there can they be replaced: elsewhere this defers nothing.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda got, _frame: received.append(got)) for number in DEFERRED_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # None: not set from Python
        for number in received:
            signal.raise_signal(number)
