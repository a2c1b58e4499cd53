"""``casgate``: the command-line tool.

casgate keys create --name NAME --credits N [--unlimited]   # the last line printed is the key
casgate keys list [--account ID]
casgate keys revoke KEY_ID
casgate credits grant --account ID --credits N [--unlimited]  # the only way credits are given
casgate db upgrade                                          # apply database migrations
casgate parse FILE [--password P] [--output json|csv]       # a statement or contract note
casgate purge                                               # drop data past CASGATE_RETENTION_DAYS
casgate delete-account ACCOUNT_ID --yes                     # an account and all its data
casgate gateway-config --out FILE [--listen/--upstream/--ws-upstream HOST:PORT]
casgate run                                                 # server + gateway (= make run)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.errors import CasgateError
from core.private_files import restrict_umask
from core.settings import get_settings


def _keys_create(args: argparse.Namespace) -> int:
    from core.accounts import create_key
    from core.migrate import upgrade

    settings = get_settings()
    upgrade(settings)
    info, plaintext = create_key(args.name, args.credits, args.unlimited, settings=settings)
    print(f"created key {info.id} ({info.masked_key}) in account {info.account_id}")
    print("store it now: it is shown only once")
    print(plaintext)
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from core.accounts import list_keys
    from core.accounts.views import ApiKeyView
    from core.migrate import upgrade

    settings = get_settings()
    upgrade(settings)
    for info in list_keys(args.account, settings=settings):
        print(ApiKeyView.of(info).model_dump_json())
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    from core.accounts import revoke_key

    revoke_key(args.key_id, settings=get_settings())
    print(f"revoked {args.key_id}")
    return 0


def _credits_grant(args: argparse.Namespace) -> int:
    from core.accounts import grant_credits
    from core.migrate import upgrade

    settings = get_settings()
    upgrade(settings)
    unlimited = True if args.unlimited else None
    balance = grant_credits(args.account, args.credits, unlimited=unlimited, settings=settings)
    print(json.dumps(balance))
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from core.migrate import upgrade

    upgrade(get_settings())
    print("database is up to date")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from core.contract_notes import read_any
    from core.export import trades_csv, transactions_csv
    from core.models import UnifiedResponse

    data = Path(args.file).read_bytes()
    result = read_any(data, args.password, settings=get_settings())
    to_csv: Callable[[dict[str, Any]], str]
    if isinstance(result, UnifiedResponse):
        body, to_csv = result.to_dict(), transactions_csv
    else:  # a contract note: one CSV row per trade
        body, to_csv = result.model_dump(mode="json", exclude_none=True), trades_csv
    if args.output == "csv":
        sys.stdout.write(to_csv(body))
    else:
        print(json.dumps(body, indent=2, ensure_ascii=False))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from core.migrate import upgrade
    from core.retention import purge_expired

    settings = get_settings()
    if settings.retention_days <= 0:
        print("CASGATE_RETENTION_DAYS is 0: everything is kept, nothing to purge")
        return 0
    upgrade(settings)
    removed = purge_expired(settings)
    print(
        f"purged {removed.documents} documents, {removed.jobs} jobs, {removed.files} stored "
        f"files and {removed.usage_rows} usage rows older than {settings.retention_days} days"
    )
    return 0


def _delete_account(args: argparse.Namespace) -> int:
    from core.migrate import upgrade
    from core.retention import delete_account

    if not args.yes:
        print("casgate: this deletes the account and all its data; add --yes", file=sys.stderr)
        return 2
    settings = get_settings()
    upgrade(settings)
    removed = delete_account(settings, args.account_id)
    print(
        f"deleted account {args.account_id}: {removed.documents} documents, {removed.jobs} "
        f"jobs, {removed.files} stored files, {removed.usage_rows} usage rows"
    )
    return 0


def _gateway_config(args: argparse.Namespace) -> int:
    from server.launch import render_gateway_config

    overrides = [
        f"--{name.replace('_', '-')}={value}"
        for name in ("listen", "upstream", "ws_upstream")
        if (value := getattr(args, name))
    ]
    render_gateway_config(get_settings(), Path(args.out), overrides)
    print(f"wrote {args.out}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from server.launch import main as launch

    return launch()


def _worker(args: argparse.Namespace) -> int:
    from core.batch import run_worker
    from core.logs import configure_logging
    from core.migrate import upgrade

    settings = get_settings()
    if not settings.redis_url:
        print(
            "casgate: a worker needs CASGATE_REDIS_URL (and the server's database)", file=sys.stderr
        )
        return 2
    configure_logging()  # start, queue and every document at info level, on stderr
    upgrade(settings)
    run_worker(settings, threads=args.threads)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casgate", description="casgate command-line tool")
    commands = parser.add_subparsers(dest="command", required=True)

    keys = commands.add_parser("keys", help="manage API keys").add_subparsers(
        dest="keys_command", required=True
    )
    create = keys.add_parser("create", help="create an API key (printed once, last line)")
    create.add_argument("--name", required=True)
    create.add_argument("--credits", type=float, required=True, help="credits per month")
    create.add_argument("--unlimited", action="store_true", help="no credit limit")
    create.set_defaults(func=_keys_create)
    listing = keys.add_parser("list", help="list keys, masked")
    listing.add_argument("--account", required=True, help="the account whose keys to list")
    listing.set_defaults(func=_keys_list)
    revoke = keys.add_parser("revoke", help="revoke a key")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=_keys_revoke)

    credits = commands.add_parser("credits", help="grant credits").add_subparsers(
        dest="credits_command", required=True
    )
    grant = credits.add_parser("grant", help="set an account's monthly credits")
    grant.add_argument("--account", required=True, help="the account id")
    grant.add_argument("--credits", type=float, required=True, help="credits per month")
    grant.add_argument("--unlimited", action="store_true", help="no credit limit")
    grant.set_defaults(func=_credits_grant)

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_db_upgrade)

    parse = commands.add_parser("parse", help="parse a statement PDF locally")
    parse.add_argument("file")
    parse.add_argument("--password", default=None)
    parse.add_argument("--output", choices=["json", "csv"], default="json")
    parse.set_defaults(func=_parse)

    commands.add_parser(
        "purge", help="remove what is older than CASGATE_RETENTION_DAYS"
    ).set_defaults(func=_purge)
    delete = commands.add_parser(
        "delete-account", help="remove an account and all its data (users, keys, documents)"
    )
    delete.add_argument("account_id")
    delete.add_argument("--yes", action="store_true", help="confirm")
    delete.set_defaults(func=_delete_account)

    gateway = commands.add_parser(
        "gateway-config", help="write Envoy's configuration for these settings"
    )
    gateway.add_argument("--out", required=True)
    gateway.add_argument("--listen", help="HOST:PORT (default: the HTTP host and port settings)")
    gateway.add_argument("--upstream", help="the gRPC server's HOST:PORT, e.g. server:50051")
    gateway.add_argument("--ws-upstream", help="the WebSocket listener's HOST:PORT")
    gateway.set_defaults(func=_gateway_config)

    commands.add_parser("run", help="start the server and the gateway").set_defaults(func=_run)
    worker = commands.add_parser("worker", help="run a batch worker (Dramatiq on Redis)")
    worker.add_argument("--threads", type=int, default=None, help="documents at a time")
    worker.set_defaults(func=_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    restrict_umask()
    try:
        return int(args.func(args))
    except CasgateError as error:
        print(f"casgate: {error.message}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"casgate: {error.strerror}: {error.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
