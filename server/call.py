"""Per-call state shared by the interceptors and servicers of one RPC.

Each RPC runs in its own task, so a context variable holds its state without threading it
through every function.
"""

from __future__ import annotations

import re
import secrets
import string
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import grpc

from core.accounts import Principal
from core.errors import Unauthenticated
from core.logs import set_request_id

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^req_[A-Za-z0-9]{6,64}$")
_ALNUM = string.ascii_letters + string.digits


def new_request_id() -> str:
    """A fresh ``req_`` id with 24 random alphanumerics (~143 bits)."""
    return "req_" + "".join(secrets.choice(_ALNUM) for _ in range(24))


def request_id_from(metadata: dict[str, str]) -> str:
    """The client's request id when it is valid, else a new one."""
    supplied = metadata.get(REQUEST_ID_HEADER, "")
    return supplied if _VALID_REQUEST_ID.match(supplied) else new_request_id()


@dataclass
class CallState:
    """What one RPC knows about itself."""

    method: str
    request_id: str
    metadata: dict[str, str]
    #: who is calling, once authenticated (a ``core`` principal)
    principal: Any = None
    #: the caller's network address (see ``server.client_address``), once authenticated
    client: str = ""
    #: extra response headers (initial metadata), e.g. ``retry-after``
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    headers_sent: bool = False
    #: the REST status of the answer (the error interceptor sets an error's)
    http_status: int = 200

    @property
    def rest_path(self) -> str:
        """The REST path when the call came through the gateway's transcoder, else the method."""
        return self.metadata.get("x-envoy-original-path", self.method).split("?", 1)[0]

    async def send_headers(self, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        """Send initial metadata (request id first) once; later calls do nothing."""
        if self.headers_sent:
            return
        self.headers_sent = True
        await context.send_initial_metadata(
            ((REQUEST_ID_HEADER, self.request_id), *self.response_headers)
        )


_current: ContextVar[CallState] = ContextVar("casgate_call")


def current_call() -> CallState:
    """The state of the RPC running in this task."""
    return _current.get()


def begin_call(state: CallState) -> None:
    """Make ``state`` the current call of this task (its request id goes on every log record)."""
    _current.set(state)
    set_request_id(state.request_id)


def current_principal() -> Principal:
    """The authenticated caller of the current RPC (the auth interceptor ran)."""
    principal = _current.get().principal
    if not isinstance(principal, Principal):
        raise Unauthenticated("Missing API key: send it in the x-api-key header")
    return principal
