"""``python -m server``: the gRPC server alone (Envoy is started by ``server.launch``)."""

from __future__ import annotations

import asyncio
import logging
import signal

from core.logs import configure_logging
from core.private_files import restrict_umask
from core.settings import get_settings

from .app import start_server

log = logging.getLogger("casgate.server")


async def serve() -> None:
    settings = get_settings()
    running = await start_server(settings)
    log.info("gRPC server listening on %s:%d", settings.grpc_host, running.port)
    if running.smtp is not None:
        log.info("SMTP receiver listening on %s:%d", settings.inbound_smtp_host, running.smtp_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    log.info("stopping")
    await running.stop()


def main() -> None:
    restrict_umask()
    configure_logging()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
