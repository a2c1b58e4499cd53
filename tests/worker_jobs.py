"""Jobs for worker processes in tests; a module of its own so that a worker (its address space
capped) imports only this, not a test module and the server behind its conftest."""

from __future__ import annotations


def misread(data: bytes, password: str) -> None:
    """Fails as a parser bug would."""
    raise ValueError("could not read row 7")
