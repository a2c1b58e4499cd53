"""Builds the grpc.aio server: interceptors, servicers, health and reflection."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from websockets.asyncio.server import Server

from casgate.v1 import (
    account_pb2_grpc,
    analytics_pb2_grpc,
    batch_pb2_grpc,
    extraction_pb2_grpc,
    fetch_pb2_grpc,
    files_pb2_grpc,
    history_pb2_grpc,
    inbound_email_pb2_grpc,
    inbox_pb2_grpc,
    parse_pb2_grpc,
    status_pb2_grpc,
    tag_pb2_grpc,
    webhook_pb2_grpc,
)
from core import health as core_health
from core.accounts import RateLimiter, create_rate_limiter, prepare_accounts
from core.accounts.secret import gateway_secret
from core.batch import resume_active_jobs, shutdown_runners
from core.extraction.jobs import fail_stale
from core.extraction.runner import drain as drain_extraction_jobs
from core.inbound import start_receiver
from core.isolation import WorkerPool
from core.private_files import secure_data_dir
from core.settings import Settings
from core.statements import parse_metered
from core.tagging import health as tagging_health
from core.url_fetch import fetch_pdf

from . import contract
from .auth import Authenticator, StoreAuthenticator
from .housekeeping import start_housekeeping, stop_housekeeping
from .interceptors import AuthInterceptor, ErrorInterceptor, RequestIdInterceptor
from .metrics import MetricsEndpoint, MetricsInterceptor, start_metrics_endpoint
from .sandbox import SandboxInterceptor
from .servicers import (
    account,
    analytics,
    batch,
    extraction,
    fetch,
    files,
    history,
    parse,
    status,
    tags,
    upload,
    webhooks,
)
from .servicers import inbound_email as inbound_email_servicer
from .servicers import inbox as inbox_servicer
from .streams import StreamLimitInterceptor, StreamSlots
from .text_fields import TextFieldInterceptor
from .webhooks import DeliveryRunner, start_webhook_delivery, stop_webhook_delivery
from .websocket import BatchEventsSocket

#: Slack above the PDF cap for the other fields and multipart framing of a request.
_MESSAGE_SLACK = 4 * 1024 * 1024
_MAX_SEND = 64 * 1024 * 1024


@dataclass
class Running:
    """A started server and the handles needed to stop it."""

    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer
    limiter: RateLimiter
    pool: WorkerPool
    websocket: Server
    ws_port: int
    housekeeping: list[asyncio.Task[None]] = field(default_factory=list)
    #: the forward-to addresses' SMTP receiver, when it runs
    smtp: asyncio.Server | None = None

    @property
    def smtp_port(self) -> int:
        return int(self.smtp.sockets[0].getsockname()[1]) if self.smtp else 0

    webhook_delivery: DeliveryRunner | None = None
    #: the Prometheus endpoint (``None`` when switched off or its port was taken)
    metrics: MetricsEndpoint | None = None

    async def stop(self, grace: float = 5.0) -> None:
        await stop_housekeeping(self.housekeeping)
        if self.metrics is not None:
            await asyncio.to_thread(self.metrics.stop)
        if self.smtp is not None:
            self.smtp.close()
        await drain_extraction_jobs(grace)
        await stop_webhook_delivery(self.webhook_delivery)
        await self.health.enter_graceful_shutdown()
        self.websocket.close()
        await self.server.stop(grace)
        await self.websocket.wait_closed()
        await self.limiter.aclose()
        await asyncio.to_thread(shutdown_runners)
        await asyncio.to_thread(self.pool.close)


def _install_database_threads(settings: Settings) -> None:
    """Give the loop's default executor, which every ``asyncio.to_thread`` database call uses, a
    size of its own; parse waits run on the worker pools' threads (``WorkerPool.in_pool_thread``),
    so however many slow PDFs wait, these threads stay free for authentication and queries."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max(1, settings.database_threads), thread_name_prefix="casgate-db")
    )


async def start_server(
    settings: Settings,
    *,
    authenticator: Authenticator | None = None,
    engine: parse.Engine | None = None,
    limiter: RateLimiter | None = None,
    port: int | None = None,
    ws_port: int | None = None,
    metrics_port: int | None = None,
) -> Running:
    """Migrate, start serving on ``settings.grpc_host`` (port 0 picks a free one), and report
    SERVING. ``authenticator``, ``engine`` and ``limiter`` replace the defaults (the store, the
    worker pool, the settings' rate limiter)."""
    _install_database_threads(settings)
    await asyncio.to_thread(secure_data_dir, settings)
    await asyncio.to_thread(prepare_accounts, settings)
    await asyncio.to_thread(resume_active_jobs, settings)
    await asyncio.to_thread(fail_stale, settings)  # extraction/review jobs of a stopped server
    limiter = limiter or create_rate_limiter(settings)
    # Interactive parses get a pool of their own: a large batch (which runs in the process-wide
    # pool of core.isolation) never makes a single parse call wait.
    pool = WorkerPool(
        settings.parse_workers, settings.parse_memory_mb, settings.parse_timeout_seconds
    )
    authenticator = authenticator or StoreAuthenticator(settings, limiter)
    slots = StreamSlots(settings.max_streams_per_client)
    server = grpc.aio.server(
        interceptors=[
            RequestIdInterceptor(),
            MetricsInterceptor(),
            ErrorInterceptor(),
            AuthInterceptor(authenticator, gateway_secret(settings)),
            TextFieldInterceptor(),
            StreamLimitInterceptor(slots),
            SandboxInterceptor(),
        ],
        options=[
            ("grpc.max_receive_message_length", settings.max_upload_bytes + _MESSAGE_SLACK),
            ("grpc.max_send_message_length", _MAX_SEND),
        ],
    )
    checks = {
        "database": core_health.database_check(settings),
        "cache": core_health.cache_check(settings),
        "workers": core_health.workers_check(partial(pool.arun, os.getpid), pool.size),
        "ocr": core_health.ocr_check(settings),
        "disk": core_health.disk_check(settings),
        "batch_workers": core_health.batch_workers_check(settings),
        "tag_classifier": tagging_health.classifier_check(settings),
        "llm_tagger": tagging_health.llm_check(settings),
    }
    parse_servicer = parse.ParseServicer(
        settings,
        engine=engine or partial(parse_metered, settings=settings, pool=pool),
        download=partial(fetch_pdf, settings=settings),
        pool=pool,
    )
    status_pb2_grpc.add_StatusServiceServicer_to_server(
        status.StatusServicer(settings, checks), server
    )
    batch_servicer = batch.BatchServicer(settings)
    parse_pb2_grpc.add_ParseServiceServicer_to_server(parse_servicer, server)
    extraction_servicer = extraction.ExtractionServicer(settings, pool)
    extraction_pb2_grpc.add_ExtractionServiceServicer_to_server(extraction_servicer, server)
    analytics_servicer = analytics.AnalyticsServicer(settings, parse_servicer)
    server.add_generic_rpc_handlers(
        [
            upload.upload_handler(
                settings, parse_servicer, batch_servicer, extraction_servicer, analytics_servicer
            )
        ]
    )
    analytics_pb2_grpc.add_AnalyticsServiceServicer_to_server(analytics_servicer, server)
    account_pb2_grpc.add_AccountServiceServicer_to_server(account.AccountServicer(settings), server)
    batch_pb2_grpc.add_BatchServiceServicer_to_server(batch_servicer, server)
    history_pb2_grpc.add_HistoryServiceServicer_to_server(history.HistoryServicer(settings), server)
    tag_pb2_grpc.add_TagServiceServicer_to_server(tags.TagServicer(settings), server)
    files_pb2_grpc.add_FileServiceServicer_to_server(files.FileServicer(settings), server)
    inbox_pb2_grpc.add_InboxServiceServicer_to_server(
        inbox_servicer.InboxServicer(settings), server
    )
    inbound_email_pb2_grpc.add_InboundEmailServiceServicer_to_server(
        inbound_email_servicer.InboundEmailServicer(settings), server
    )
    webhook_pb2_grpc.add_WebhookServiceServicer_to_server(
        webhooks.WebhookServicer(settings), server
    )
    fetch_pb2_grpc.add_FetchServiceServicer_to_server(fetch.FetchServicer(settings), server)

    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    if settings.grpc_reflection:
        reflection.enable_server_reflection(
            [
                *contract.service_names(),
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ],
            server,
        )
    bound = server.add_insecure_port(
        f"{settings.grpc_host}:{settings.grpc_port if port is None else port}"
    )
    await server.start()
    websocket = await BatchEventsSocket(settings, authenticator, slots).start(
        settings.grpc_host, settings.ws_port if ws_port is None else ws_port
    )
    smtp = await start_receiver(settings)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    for name in contract.service_names():
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return Running(
        server=server,
        port=bound,
        health=health_servicer,
        limiter=limiter,
        pool=pool,
        websocket=websocket,
        ws_port=websocket.sockets[0].getsockname()[1],
        housekeeping=start_housekeeping(settings),
        smtp=smtp,
        webhook_delivery=start_webhook_delivery(settings),
        metrics=start_metrics_endpoint(settings, metrics_port),
    )
