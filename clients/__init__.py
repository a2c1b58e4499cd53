"""The typed Python client of casgate (sync and async), over the generated gRPC stubs."""

from ._client import AsyncClient, Client
from ._errors import ApiError

__all__ = ["ApiError", "AsyncClient", "Client"]
