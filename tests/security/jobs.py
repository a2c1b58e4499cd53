"""Jobs that end their worker process in the ways a hostile PDF or the host can
(importable by the pool's children)."""

from __future__ import annotations

import os
import signal


def die_by(signal_number: int) -> None:
    os.kill(os.getpid(), signal_number)
    signal.pause()


def exit_with(code: int) -> None:
    os._exit(code)


def hog(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def fail(message: str) -> None:
    raise RuntimeError(message)
