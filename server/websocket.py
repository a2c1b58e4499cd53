"""``/api/batch/ws/{job_id}``: the batch progress stream over WebSocket.

Envoy's transcoder cannot carry WebSocket, so the gateway routes this path (with the upgrade
allowed) to a small WebSocket listener beside the gRPC server. It authenticates the handshake
like every other call — headers, or ``?token=`` because browsers cannot set headers on a
WebSocket — then sends each progress event of ``core.batch.watch`` as one JSON text frame: the
``WatchBatchResponse`` message, printed byte for byte as the gateway prints its SSE lines.
A refused handshake answers the usual ``{"status": "failed", "msg"}`` body and status.
"""

from __future__ import annotations

import http
import json
import logging
import re
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from casgate.v1 import batch_pb2
from core import batch
from core.accounts import Principal
from core.accounts.secret import gateway_secret
from core.control_chars import check_text
from core.errors import BadRequest, CasgateError, NotFound
from core.settings import Settings

from .auth import Authenticator, policy_for
from .call import request_id_from
from .client_address import client_address
from .json_print import transcoder_json
from .servicers.convert import to_message
from .streams import StreamSlots, stream_holder

log = logging.getLogger("casgate.websocket")
_PATH = re.compile(r"^/api/batch/ws/(?P<job_id>[^/]+)$")
#: the RPC this socket is the WebSocket twin of; its access policy applies here too
_TWIN = "/casgate.v1.BatchService/WatchBatch"


def _error(error: CasgateError, request_id: str) -> Response:
    body = json.dumps({"status": "failed", "msg": error.message}).encode()
    headers = Headers([("content-type", "application/json"), ("x-request-id", request_id)])
    if "retry_after" in error.extra:
        headers["retry-after"] = error.extra["retry_after"]
    return Response(error.http_status, http.HTTPStatus(error.http_status).phrase, headers, body)


class BatchEventsSocket:
    """Authenticates handshakes and streams a job's events to each connection."""

    def __init__(
        self, settings: Settings, authenticator: Authenticator, slots: StreamSlots
    ) -> None:
        self._settings = settings
        self._authenticator = authenticator
        #: the same per-client bound as the gRPC event streams
        self._slots = slots
        #: what each accepted handshake asked for: (caller, job id, after seq, request id, holder)
        self._callers: dict[ServerConnection, tuple[Principal, str, int, str, str]] = {}

    async def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        metadata = {k.lower(): v for k, v in request.headers.raw_items()}
        request_id = request_id_from(metadata)
        url = urlsplit(request.path)
        query = parse_qs(url.query)
        try:
            match = _PATH.match(url.path)
            if match is None:
                raise NotFound(f"Could not resolve {url.path} to a method.")
            if "token" in query and "x-api-key" not in metadata:
                metadata["x-api-key"] = query["token"][0]
            try:
                after_seq = int(query.get("after_seq", ["0"])[0])
            except ValueError:
                raise BadRequest("after_seq must be a whole number") from None
            peer = str(connection.remote_address[0]) if connection.remote_address else ""
            client = client_address(metadata, peer, gateway_secret(self._settings))
            principal = await self._authenticator.authenticate(
                metadata, policy_for(_TWIN), client=client
            )
            assert isinstance(principal, Principal)
            job_id = match["job_id"]
            check_text("job_id", job_id)  # this path is not a request message: check it here
            await batch.get_status(principal, job_id, settings=self._settings)  # 404 if not theirs
        except CasgateError as error:
            return _error(error, request_id)
        holder = stream_holder(principal, client)
        self._callers[connection] = (principal, job_id, after_seq, request_id, holder)
        return None

    async def _stream(self, connection: ServerConnection) -> None:
        principal, job_id, after_seq, request_id, holder = self._callers.pop(connection)
        try:
            with self._slots.hold(holder):
                async for event in batch.watch(
                    principal, job_id, after_seq, settings=self._settings
                ):
                    frame = to_message(event, batch_pb2.WatchBatchResponse())
                    await connection.send(transcoder_json(frame))
        except CasgateError as error:
            await connection.send(json.dumps({"job_id": job_id, "type": "failed",
                                              "error": error.message}))  # fmt: skip
        except Exception:
            log.exception("batch event stream failed (request id %s)", request_id)
            await connection.close(1011, "internal error")

    async def start(self, host: str, port: int) -> Server:
        """Listen on ``host:port`` (0 picks a free port)."""
        return await serve(self._stream, host, port, process_request=self._check)
