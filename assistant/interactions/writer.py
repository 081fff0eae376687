"""A background writer: a bounded queue drained by one thread, so recording never delays or fails an answer."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
_STOP = object()


class BackgroundWriter(Generic[T]):
    """``submit`` never blocks: a full queue drops the item (counted); a failing ``write`` is counted
    and logged (at most once per ``log_every_s``), and the thread goes on with the next batch."""

    def __init__(self, write: Callable[[list[T]], None], maxsize: int = 10_000, batch: int = 256,
                 name: str = "interactions-writer", log_every_s: float = 30.0, linger_s: float = 0.25) -> None:
        self._write = write
        # After the first queued item the thread waits this long so that one transaction writes what
        # arrived meanwhile: under load a row per transaction costs the answering threads CPU time.
        self._linger_s = linger_s
        self._queue: queue.Queue[object] = queue.Queue(maxsize)
        self._batch = batch
        self._log_every_s = log_every_s
        self._last_log = -1e9
        self._lock = threading.Lock()
        self.written = 0
        self.failed = 0
        self.dropped = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, item: T) -> bool:
        """Queue ``item``; False (and counted as dropped) when the queue is full or closed."""
        if not self._thread.is_alive():
            with self._lock:
                self.dropped += 1
            return False
        try:
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            with self._lock:
                self.dropped += 1
            self._warn("interaction queue full, dropped a record (%d dropped so far)", self.dropped)
            return False

    def _warn(self, msg: str, *args: object) -> None:
        now = time.monotonic()
        if now - self._last_log >= self._log_every_s:
            self._last_log = now
            log.warning(msg, *args)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            items = [first]
            if first is not _STOP and self._linger_s > 0:
                time.sleep(self._linger_s)
            while len(items) < self._batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(i is _STOP for i in items)
            batch: list[T] = [i for i in items if i is not _STOP]  # type: ignore[misc]
            try:
                if batch:
                    self._write(batch)
                with self._lock:
                    self.written += len(batch)
            except Exception as exc:  # the store is down or refused: count, log, carry on
                with self._lock:
                    self.failed += len(batch)
                self._warn("interaction store write failed (%d records lost so far): %r", self.failed, exc)
            finally:
                for _ in items:
                    self._queue.task_done()
            if stop:
                return

    def flush(self) -> None:
        """Wait until everything queued so far has been written (or counted as failed)."""
        self._queue.join()

    def stats(self) -> dict[str, int]:
        """Records written, failed, dropped and waiting."""
        with self._lock:
            return {"written": self.written, "failed": self.failed, "dropped": self.dropped,
                    "queued": self._queue.qsize()}

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
