"""``casgate batch``: batches through a running casgate, over its REST API.

    casgate batch start statements/*.pdf --password-env CAS_PASSWORD --watch
    casgate batch watch JOB_ID

The server is ``--url`` (else ``$CASGATE_URL``, else the gateway of these settings,
``http://127.0.0.1:8080``); the key is ``--key`` (else ``$CASGATE_API_KEY``). ``--watch``
follows the job's server-sent events with progress bars until it ends; the exit status is 0
when every document was parsed, 2 when one failed or the job did not complete.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx

from core.errors import BadRequest
from core.settings import get_settings

from .cli_parse import expand

#: the events after which a job's stream has nothing more to say
FINAL = {"completed", "failed", "cancelled"}


def add_parser(commands: Any) -> None:
    batch = commands.add_parser(
        "batch",
        help="start and watch batches on a running server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    ).add_subparsers(dest="batch_command", required=True)
    start = batch.add_parser("start", help="upload PDFs as one batch")
    start.add_argument("files", nargs="+", metavar="FILE", help="PDF files or glob patterns")
    start.add_argument("--name", default="", help="the job's name")
    start.add_argument("--password", default=None, help="password of every file")
    start.add_argument("--password-env", metavar="VAR", help="read that password from $VAR")
    start.add_argument("--watch", action="store_true", help="follow the job with progress bars")
    _connection(start)
    start.set_defaults(func=_start)
    watch = batch.add_parser("watch", help="follow a job's progress until it ends")
    watch.add_argument("job_id")
    _connection(watch)
    watch.set_defaults(func=_watch)


def _connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default=None, help="the gateway (default: $CASGATE_URL)")
    parser.add_argument("--key", default=None, help="API key (default: $CASGATE_API_KEY)")


def _base_url(args: argparse.Namespace) -> str:
    if args.url or os.environ.get("CASGATE_URL"):
        return str(args.url or os.environ["CASGATE_URL"]).rstrip("/")
    settings = get_settings()
    return f"http://{settings.http_host}:{settings.http_port}"


def _headers(args: argparse.Namespace) -> dict[str, str]:
    key = args.key or os.environ.get("CASGATE_API_KEY")
    if not key:
        raise BadRequest("an API key is needed: --key KEY or CASGATE_API_KEY")
    return {"x-api-key": key}


def _failure(response: httpx.Response) -> BadRequest:
    try:
        message = response.json().get("msg") or response.text
    except ValueError:
        message = response.text
    return BadRequest(f"{response.status_code} from the server: {message}")


def _start(args: argparse.Namespace) -> int:
    files = expand(args.files)
    password = args.password
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise BadRequest(f"--password-env: the variable {args.password_env} is not set")
    form = {"name": args.name or f"{len(files)} file(s)"}
    if password:
        form["password"] = password
    parts = [("files", (file.name, file.read_bytes(), "application/pdf")) for file in files]
    try:
        response = httpx.post(
            f"{_base_url(args)}/api/batch/start",
            headers=_headers(args),
            data=form,
            files=parts,
            timeout=300,
        )
    except httpx.HTTPError as error:
        raise BadRequest(f"cannot reach {_base_url(args)}: {error}") from None
    if response.status_code != 200:
        raise _failure(response)
    job = response.json()
    print(f"job {job['job_id']}: {job['total']} document(s) {job['status']}", flush=True)
    if not args.watch:
        return 0
    args.job_id = job["job_id"]
    return _watch(args)


def events(url: str, headers: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The job's events as they come (the gateway's server-sent events)."""
    try:
        with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(30, read=None)) as r:
            if r.status_code != 200:
                r.read()
                raise _failure(r)
            for line in r.iter_lines():
                if line.startswith("data:"):
                    event: dict[str, Any] = json.loads(line[5:])
                    yield event
                    if event.get("type") in FINAL or event.get("status") in FINAL:
                        return
    except httpx.HTTPError as error:
        raise BadRequest(f"the event stream broke off: {error}") from None


def _watch(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # every event after the first (``queued``), not a snapshot: a job watched late still
    # shows each document
    url = f"{_base_url(args)}/api/batch/jobs/{args.job_id}/events?after_seq=1"
    console = Console(stderr=False, highlight=False)
    last: dict[str, Any] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        console=console,
    ) as progress:
        overall = progress.add_task(f"job {args.job_id}", total=None)
        documents: dict[str, Any] = {}
        for event in events(url, _headers(args)):
            last = event
            progress.update(overall, total=event.get("total") or None, completed=_finished(event))
            source = str(event.get("source") or "")
            kind = event.get("type")
            if kind == "document_started" and source not in documents:
                documents[source] = progress.add_task(f"  {source}", total=1)
            elif kind in ("document_finished", "document_failed"):
                task = documents.get(source) or progress.add_task(f"  {source}", total=1)
                ok = kind == "document_finished"
                detail = event.get("summary") if ok else event.get("error")
                mark = "ok" if ok else "failed"
                progress.update(task, completed=1, description=f"  {source}: {mark}")
                progress.console.print(f"{source}: {mark}" + (f" ({detail})" if detail else ""))
    status = last.get("status") or last.get("type") or "unknown"
    done, failed = last.get("done", 0), last.get("failed", 0)
    print(f"job {args.job_id} {status}: {done} parsed, {failed} failed", flush=True)
    return 0 if status == "completed" and not failed else 2


def _finished(event: dict[str, Any]) -> int:
    return int(event.get("done", 0)) + int(event.get("failed", 0))
