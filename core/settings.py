"""One typed settings object, read from ``CASGATE_*`` environment variables.

Every field is documented in the README's configuration table; keep the two in step
(``tests/test_settings.py`` fails when a field is missing from the README).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: the checkout this module belongs to (``pip install -e``); relative data folders live here
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Credits spent by one successful call of each metered feature.
DEFAULT_CREDIT_COSTS: dict[str, float] = {
    "cams_kfintech_cas_parser": 1.0,
    "cdsl_cas_parser": 1.0,
    "nsdl_cas_parser": 1.0,
    "contract_note_parser": 0.5,
    "cdsl_otp_fetch": 0.5,
    "kfintech_generate": 0.5,
    "email_import": 0.2,
    "extraction": 1.0,
    "review": 1.0,
    "batch": 1.0,
}


class Settings(BaseSettings):
    """Runtime configuration. Defaults run everything on one machine with no services."""

    model_config = SettingsConfigDict(env_prefix="CASGATE_", extra="ignore")

    # network
    grpc_host: str = Field("127.0.0.1", description="Address the gRPC server binds to.")
    grpc_port: int = Field(50051, description="Port of the gRPC server (Envoy's upstream).")
    http_host: str = Field("127.0.0.1", description="Address the Envoy gateway listens on.")
    http_port: int = Field(8080, description="Port of the gateway: REST and native gRPC.")
    admin_port: int = Field(9901, description="Envoy admin port, always bound to 127.0.0.1.")
    gateway_admin: bool = Field(
        True,
        description="Serve Envoy's admin interface (`/ready`, `/stats`, `/config_dump`, "
        "`/quitquitquit`) on 127.0.0.1:`ADMIN_PORT`; false turns it off.",
    )
    gateway_max_heap_mb: int = Field(
        512,
        description="Envoy's heap limit (overload manager): past 95% it answers 503 to new "
        "requests instead of growing.",
    )
    gateway_secret: str = Field(
        "",
        description="Shared secret the gateway sends with every upstream request, so the server "
        "trusts `x-forwarded-for` only from it; empty means a random one kept in "
        "`<data_dir>/gateway_secret` (mode 0600).",
    )
    grpc_reflection: bool = Field(
        False,
        description="Serve gRPC server reflection (`grpcurl list`); `make run` turns it on for "
        "development, keep it off in production.",
    )
    max_streams_per_client: int = Field(
        4, description="Event streams one client (account, else address) may hold open at once."
    )
    anonymous_status_beats: int = Field(
        12,
        description="Most heartbeats of `/api/status/events` without credentials; longer or "
        "endless streams need a key or token.",
    )
    ws_port: int = Field(
        50052, description="Port of the batch-events WebSocket listener (Envoy's upstream)."
    )
    request_timeout_seconds: int = Field(
        120, description="Gateway route timeout for unary calls; past it REST answers 504."
    )

    # storage
    data_dir: Path = Field(Path("var"), description="Folder for the SQLite file and local objects.")
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means a SQLite file `<data_dir>/casgate.db`."
    )
    redis_url: str = Field(
        "", description="Redis URL for cache, rate limits and queues; empty means in-process."
    )

    # limits
    max_upload_bytes: int = Field(25 * 1024 * 1024, description="Largest accepted PDF, in bytes.")
    max_pages: int = Field(2000, description="Largest accepted page count of one PDF.")
    max_decompressed_bytes: int = Field(
        512 * 1024 * 1024, description="Cap on the sum of a PDF's decompressed stream sizes."
    )
    parse_timeout_seconds: float = Field(
        90.0,
        description="Wall-clock limit of one parse in its worker process (then 504). A batch "
        "document's whole run in its worker gets this plus the download cap.",
    )
    parse_memory_mb: int = Field(
        1024, description="Address-space limit of a parse worker process, in MiB."
    )
    parse_workers: int = Field(2, description="Size of the parse worker process pool.")
    preview_max_pixels: int = Field(
        50_000_000,
        description="Most pixels a preview may render: the first page's area at 72 dpi, any "
        "image's width x height, and the first page's images together; beyond it, 400.",
    )
    # OCR
    ocr_enabled: bool = Field(
        True,
        description="Read pages without a usable text layer by OCR; false restores the 400 "
        '"no text layer" for scans.',
    )
    ocr_languages: str = Field("eng+hin", description="Tesseract languages OCR reads with.")
    ocr_dpi: int = Field(300, description="Resolution pages are rendered at for OCR.")
    ocr_max_pages: int = Field(
        200, description="Most pages of one document read by OCR; beyond it, 400."
    )
    ocr_max_pixels: int = Field(
        60_000_000,
        description="Most pixels of one OCR render or of any image in an OCR'd PDF; a page "
        "beyond it is rendered at a lower resolution (down to 150 dpi), an image beyond it "
        "is refused with 400.",
    )
    ocr_page_timeout_seconds: float = Field(
        120.0,
        description="Wall-clock limit of each Tesseract run on a page (orientation, reading); "
        "past it the page is stopped and the call answers 504.",
    )
    ocr_memory_mb: int = Field(
        1536, description="Address-space limit of an OCR worker process, in MiB."
    )
    ocr_fallback_below: float = Field(
        60.0,
        description="Mean Tesseract word confidence (0-100) below which the EasyOCR fallback "
        "is tried.",
    )
    ocr_fallback_memory_mb: int = Field(
        6144,
        description="Address-space limit of an OCR worker while EasyOCR reads a page (PyTorch "
        "alone maps about 3 GiB); that worker is replaced after its job.",
    )
    ocr_easyocr_model_dir: str = Field(
        "",
        description="Folder with EasyOCR's weights (`craft_mlt_25k.pth`, `english_g2.pth`, "
        "`devanagari.pth`); empty: the English weights the `ocr-fallback` extra ships. EasyOCR "
        "never downloads them.",
    )
    database_threads: int = Field(
        10,
        description="Threads of the server's database calls, apart from the parse workers' "
        "waits, so a burst of slow PDFs never delays authentication.",
    )
    url_fetch_timeout_seconds: float = Field(20.0, description="Time cap of a `pdf_url` download.")
    url_fetch_concurrency: int = Field(
        8,
        description="Most `pdf_url` downloads one process runs at once; beyond it a call answers "
        "429 (each holds up to `CASGATE_MAX_UPLOAD_BYTES` decoded bytes).",
    )
    allow_private_urls: bool = Field(
        False, description="Allow `pdf_url` and fetch targets on private/loopback addresses."
    )

    # accounts
    bootstrap_api_key: str = Field(
        "", description="Operator key with unlimited credits; empty disables it."
    )
    credit_costs: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_CREDIT_COSTS),
        description="JSON object: credits per successful call of each feature.",
    )
    jwt_secret: str = Field(
        "",
        description="Secret signing user JWTs and `at_` access tokens; empty means a random "
        "secret kept in `<data_dir>/jwt_secret` (mode 0600) so restarts keep sessions valid.",
    )
    jwt_access_minutes: int = Field(15, description="Lifetime of a user's JWT access token.")
    jwt_refresh_days: int = Field(30, description="Lifetime of a user's JWT refresh token.")
    rate_limit_per_minute: int = Field(60, description="Requests per minute allowed per API key.")
    sandbox_rate_limit_per_minute: int = Field(
        10, description="Requests per minute allowed with the sandbox key."
    )
    redis_key_prefix: str = Field(
        "casgate:", description="Prefix of every Redis key this service writes."
    )
    login_max_failures: int = Field(
        5,
        description="Free failed logins per (email, client address); then one attempt per "
        "delay, from `CASGATE_LOGIN_BACKOFF_SECONDS` doubling up to the window.",
    )
    login_backoff_seconds: int = Field(
        15, description="First delay once a client's or a pair's free failed logins are used."
    )
    login_client_max_failures: int = Field(
        20, description="Free failed logins per client address over all emails; then as above."
    )
    login_email_max_failures: int = Field(
        20,
        description="Free failed logins per email over all clients; then one attempt per delay "
        "doubling from 1 s up to `CASGATE_LOGIN_EMAIL_MAX_DELAY_SECONDS` (not for clients "
        "that signed in to it before).",
    )
    login_email_max_delay_seconds: int = Field(
        60, description="Cap of the per-email backoff, so no one locks an owner out for long."
    )
    login_failure_window_seconds: int = Field(
        900, description="Failed logins are forgotten after this many seconds without one."
    )
    registration_open: bool = Field(
        True, description="Allow self-registration at `/api/auth/register`."
    )
    signup_credits: float = Field(
        0.0,
        description="Monthly credits of a self-registered account (`make run` sets 100 for "
        "development; production grants credits with `casgate credits grant`).",
    )
    max_active_keys_per_account: int = Field(
        20, description="Most unrevoked API keys one account may hold (user-created keys)."
    )
    retention_days: int = Field(
        0,
        description="Documents, stored files, batch jobs and usage rows older than this many "
        "days are purged (hourly in the server, or `casgate purge`); 0 keeps them forever.",
    )
    sqlite_busy_timeout_ms: int = Field(
        30000, description="How long a SQLite writer waits for the lock before failing."
    )

    # object storage
    s3_endpoint_url: str = Field(
        "", description="S3-compatible endpoint URL (MinIO, Ceph, AWS); empty means AWS's default."
    )
    s3_bucket: str = Field(
        "", description="Bucket for stored documents; empty keeps them in `<data_dir>/objects`."
    )
    s3_region: str = Field("us-east-1", description="Region name sent to the S3 endpoint.")

    # batch
    batch_root: str = Field(
        "", description="Folder that batch `path` sources must resolve inside; empty refuses paths."
    )
    batch_executor: str = Field(
        "local",
        description="`local` runs batch documents in the server's process pool; `dramatiq` "
        "queues them on Redis (`CASGATE_REDIS_URL`) for `python -m core.batch.worker`.",
    )
    batch_max_documents: int = Field(1000, description="Most documents one batch may hold.")
    batch_sync_max_documents: int = Field(
        20, description="Most documents the legacy synchronous `/api/batch/process` accepts."
    )
    batch_max_retries: int = Field(
        3, description="Retries of a batch document whose worker died or errored unexpectedly."
    )
    batch_redelivery_seconds: int = Field(
        60,
        description="Seconds without a heartbeat after which a dead worker's document is "
        "handed to another worker (Dramatiq); also the claim lease beyond the parse timeout.",
    )

    batch_queue_check_seconds: int = Field(
        30,
        description="How often the server checks that every queued batch document still has "
        "its Dramatiq message in Redis (lost after a Redis restart) and queues it again.",
    )

    openrouter_base_url: str = Field(
        "https://openrouter.ai/api/v1",
        description="Base URL of the OpenRouter-compatible chat-completions API the LLM tagger "
        "calls (`<base>/chat/completions`).",
    )
    openrouter_api_key: str = Field(
        "",
        description="OpenRouter API key; empty switches the LLM tagger off (health says so).",
    )
    openrouter_model: str = Field("openai/gpt-4o-mini", description="Model the LLM tagger asks.")
    openrouter_timeout_seconds: float = Field(
        30.0, description="Time cap of one chat-completions call of the LLM tagger."
    )
    openrouter_max_retries: int = Field(
        3, description="Retries of an LLM tagger call answered 429 or 5xx (backoff doubling)."
    )
    tagging_max_prompt_chars: int = Field(
        6000,
        description="Characters of a document's text the LLM tagger sends (its start and end).",
    )

    # statement retrieval: signed download links, CDSL fetch, KFintech mailback
    public_base_url: str = Field(
        "",
        description="Base URL clients reach the gateway at, used in download links "
        "(e.g. `https://api.example.com`); empty means `http://<http_host>:<http_port>`.",
    )
    download_url_ttl_seconds: int = Field(
        3600, ge=60, le=7 * 86400, description="Lifetime of a signed download link, in seconds."
    )
    captcha_solver: str = Field(
        "",
        description="How portal captchas are read: `ocr` (Tesseract, simple image captchas); "
        "empty disables CDSL fetch and KFintech mailback with a clear error.",
    )
    cdsl_base_url: str = Field(
        "https://www.cdslindia.com", description="Base URL of CDSL's eCAS portal."
    )
    kfintech_base_url: str = Field(
        "https://mfs.kfintech.com", description="Base URL of KFintech's investor services site."
    )
    portal_timeout_seconds: float = Field(
        20.0, gt=0, description="Time cap of one request to the CDSL or KFintech portal."
    )
    portal_max_retries: int = Field(
        2, ge=0, le=5, description="Retries of a portal request that timed out or answered 5xx."
    )
    portal_captcha_attempts: int = Field(
        3, ge=1, le=10, description="Fresh captchas tried before a portal call gives up."
    )
    cdsl_otp_ttl_seconds: int = Field(
        300, ge=30, description="Lifetime of a CDSL fetch session (the portal's OTP lifetime)."
    )
    cdsl_max_otp_attempts: int = Field(
        3, ge=1, le=10, description="Wrong OTPs a CDSL fetch session accepts before it ends."
    )
    cdsl_max_periods: int = Field(
        24, ge=1, le=120, description="Most monthly statements one CDSL fetch may ask for."
    )

    # inbox import (Gmail, Outlook, IMAP) and forward-to addresses (SMTP receiver)
    inbox_redirect_allowlist: str = Field(
        "",
        description="Comma-separated `redirect_uri`s that `/v4/inbox/connect` accepts: an entry "
        "matches a URI with the same scheme, host, port and path (an entry ending in `/` matches "
        "every path under it). Any other redirect_uri is refused (no open redirects).",
    )
    inbox_callback_url: str = Field(
        "",
        description="The URL the mail providers send the browser back to (registered with them); "
        "empty means `<PUBLIC_BASE_URL>/v4/inbox/callback`.",
    )
    inbox_consent_seconds: int = Field(
        600, description="Seconds an OAuth consent URL from `/v4/inbox/connect` stays valid."
    )
    inbox_url_ttl_seconds: int = Field(
        86400, description="Seconds the download URL of a file found by `/v4/inbox/cas` lives."
    )
    inbox_http_timeout_seconds: float = Field(
        20.0, description="Time cap of each call to Google, Microsoft or an IMAP server."
    )
    inbox_http_retries: int = Field(
        2, description="Retries of a provider call that failed to connect or answered 429/5xx."
    )
    inbox_max_files: int = Field(
        50, description="Most statement files one `/v4/inbox/cas` call imports."
    )
    inbox_imap_ca_file: str = Field(
        "",
        description="CA bundle (PEM) that IMAP servers' certificates are checked against; empty "
        "means the system's trust store.",
    )
    gmail_client_id: str = Field("", description="Google OAuth client id (Gmail import).")
    gmail_client_secret: str = Field("", description="Google OAuth client secret.")
    gmail_auth_url: str = Field(
        "https://accounts.google.com/o/oauth2/v2/auth", description="Google's consent page."
    )
    gmail_token_url: str = Field(
        "https://oauth2.googleapis.com/token", description="Google's OAuth token endpoint."
    )
    gmail_revoke_url: str = Field(
        "https://oauth2.googleapis.com/revoke", description="Google's token revocation endpoint."
    )
    gmail_api_base_url: str = Field(
        "https://gmail.googleapis.com", description="Base URL of the Gmail API."
    )
    outlook_client_id: str = Field("", description="Microsoft identity platform client id.")
    outlook_client_secret: str = Field("", description="Microsoft client secret.")
    outlook_login_base_url: str = Field(
        "https://login.microsoftonline.com/common",
        description="Microsoft identity platform authority (`…/oauth2/v2.0/authorize`, `/token`).",
    )
    outlook_graph_base_url: str = Field(
        "https://graph.microsoft.com", description="Base URL of Microsoft Graph."
    )
    inbound_smtp_enabled: bool = Field(
        True, description="Run the SMTP receiver of the forward-to addresses with the server."
    )
    inbound_smtp_host: str = Field("127.0.0.1", description="Address the SMTP receiver binds to.")
    inbound_smtp_port: int = Field(
        2525, description="Port of the SMTP receiver (0 picks a free one)."
    )
    inbound_email_domain: str = Field(
        "inbound.localhost",
        description="Domain of the forward-to addresses (its MX must point at the receiver).",
    )
    inbound_max_message_bytes: int = Field(
        26214400, description="Largest e-mail the SMTP receiver accepts (552 above it)."
    )
    inbound_url_ttl_seconds: int = Field(
        1800, description="Seconds the download URL of a file received at an address lives."
    )
    # inbound e-mail: STARTTLS of the SMTP receiver
    inbound_smtp_tls_cert_file: str = Field(
        "",
        description="PEM certificate (chain) the SMTP receiver offers STARTTLS with; with "
        "`inbound_smtp_tls_key_file`. Empty: no STARTTLS.",
    )
    inbound_smtp_tls_key_file: str = Field(
        "", description="PEM private key of `inbound_smtp_tls_cert_file`."
    )
    inbound_smtp_require_tls: bool = Field(
        False,
        description="Refuse mail (530) until the sender has started TLS; needs the certificate "
        "and key.",
    )
    # extraction and review
    extraction_response_seconds: float = Field(
        120.0,
        description="How long `mode=response` of `/v1/extract` and `/v1/review` waits for the "
        "job; past it the call answers 504 while the job goes on (its result at "
        "`/v1/jobs/{job_id}`, its webhook still fired).",
    )
    extraction_job_stale_seconds: int = Field(
        3600,
        description="An extraction or review job still unfinished this long after it was "
        "submitted lost its server (a restart) and is failed, with its webhook event; checked "
        "at start-up and every 5 minutes.",
    )
    extraction_schema_prompt_chars: int = Field(
        12000,
        description="Characters of a document's text sent to the LLM to fill a request's "
        "JSON Schema (its start and end).",
    )

    # webhooks (core/webhooks)
    webhook_executor: str = Field(
        "local",
        description="`local` delivers webhooks from an asyncio task in the server; `dramatiq` "
        "leaves them to `python -m core.webhooks.worker` over Redis (`CASGATE_REDIS_URL`).",
    )
    webhook_retry_schedule: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0],
        description="JSON list: seconds before each retry of a failed delivery (the first "
        "attempt is immediate); after the last one the delivery has failed.",
    )
    webhook_retry_jitter: float = Field(
        0.2, description="Random spread of each retry delay, as a fraction (0.2 = ±20%)."
    )
    webhook_timeout_seconds: float = Field(
        10.0, description="Time cap of one delivery attempt (connect, send, answer)."
    )
    webhook_lease_seconds: float = Field(
        30.0,
        description="Seconds beyond the attempt timeout that a claimed delivery stays with its "
        "worker; after that (the worker died) another worker sends it again.",
    )
    webhook_concurrency: int = Field(16, description="Deliveries one worker process sends at once.")
    webhook_poll_seconds: float = Field(
        1.0, description="How often delivery workers look for due deliveries (retries)."
    )
    webhook_allow_private_urls: bool = Field(
        False,
        description="Allow webhook URLs on private/loopback addresses (tests, internal "
        "receivers); otherwise refused at creation and at every delivery.",
    )
    webhook_rotation_overlap_seconds: int = Field(
        86400,
        description="Default time after a secret rotation during which deliveries are signed "
        "with both the new and the previous secret.",
    )
    webhook_max_per_account: int = Field(20, description="Most webhooks one account may hold.")

    # operability (ops): metrics, CORS, worker heartbeats, history of /v4 parses
    metrics_host: str = Field(
        "127.0.0.1",
        description="Address the Prometheus metrics endpoint (`/metrics`) binds to; keep it "
        "private (loopback or an internal network), it is not behind the gateway.",
    )
    metrics_port: int = Field(
        9464, description="Port of the server's Prometheus metrics endpoint; 0 turns it off."
    )
    cors_allowed_origins: str = Field(
        "",
        description="Comma-separated origins (`https://app.example.com`) whose pages may call "
        "the REST API and event streams from a browser (Envoy's CORS filter); empty allows "
        "none; `*` allows every origin (development only).",
    )
    worker_heartbeat_seconds: float = Field(
        10.0,
        description="How often a Dramatiq batch worker writes its heartbeat to Redis; "
        "`/api/health` counts the workers heard from within three beats.",
    )
    history_record_parses: bool = Field(
        True,
        description="Record statements parsed by `/v4/*` calls in history (`/api/history/"
        "documents`, search, stats), as batch documents are; false keeps only the usage row.",
    )

    @field_validator("data_dir")
    @classmethod
    def _data_dir_from_checkout(cls, value: Path) -> Path:
        """A relative data folder is the checkout's (``var`` beside ``pyproject.toml``), not
        the current directory's, so the CLI run from anywhere finds the server's database."""
        if value.is_absolute() or not (PROJECT_ROOT / "pyproject.toml").exists():
            return value
        return PROJECT_ROOT / value

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file inside ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'casgate.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()


def settings_table() -> str:
    """The README's configuration table, generated from the fields above."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True)
        if isinstance(default, dict):
            shown = "see below" if default else "{}"
        elif isinstance(default, Path):
            shown = f"`{default}`"
        else:
            shown = f"`{default}`" if default != "" else "(empty)"
        rows.append(f"| `CASGATE_{name.upper()}` | {shown} | {info.description} |")
    return "\n".join(rows)
