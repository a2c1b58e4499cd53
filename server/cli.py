"""``casgate``: the command-line tool.

casgate keys create --name NAME --credits N [--unlimited]   # the last line printed is the key
casgate keys list [--account ID]
casgate keys revoke KEY_ID
casgate db upgrade                                          # apply database migrations
casgate parse FILE [--password P] [--output json|csv]       # a statement or contract note
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


def _run(args: argparse.Namespace) -> int:
    from server.launch import main as launch

    return launch()


def _worker(args: argparse.Namespace) -> int:
    from core.batch import run_worker
    from core.migrate import upgrade

    settings = get_settings()
    if not settings.redis_url:
        print(
            "casgate: a worker needs CASGATE_REDIS_URL (and the server's database)", file=sys.stderr
        )
        return 2
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

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_db_upgrade)

    parse = commands.add_parser("parse", help="parse a statement PDF locally")
    parse.add_argument("file")
    parse.add_argument("--password", default=None)
    parse.add_argument("--output", choices=["json", "csv"], default="json")
    parse.set_defaults(func=_parse)

    commands.add_parser("run", help="start the server and the gateway").set_defaults(func=_run)
    worker = commands.add_parser("worker", help="run a batch worker (Dramatiq on Redis)")
    worker.add_argument("--threads", type=int, default=None, help="documents at a time")
    worker.set_defaults(func=_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
