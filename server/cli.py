"""``casgate``: the command-line tool.

casgate keys create --name NAME --credits N [--unlimited]   # the last line printed is the key
casgate keys list --account ID
casgate accounts list                                       # every account, its balance and keys
casgate keys revoke KEY_ID
casgate credits grant --account ID --credits N [--unlimited]  # the only way credits are given
casgate db upgrade                                          # apply database migrations
casgate parse FILE... [--password P | --password-env VAR | --password-file F] [--output csv
              --what transactions|holdings] [--strict]     # statements or contract notes
casgate batch start FILE... [--password P] [--watch]        # through a running server
casgate purge                                               # drop data past CASGATE_RETENTION_DAYS
casgate delete-account ACCOUNT_ID --yes                     # an account and all its data
casgate gateway-config --out FILE [--listen/--upstream/--ws-upstream HOST:PORT]
casgate run                                                 # server + gateway (= make run)

Commands that use the database say which one on stderr (``casgate: database …``): the data
folder of the settings, ``var/`` of this checkout by default, wherever the command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from core.errors import CasgateError
from core.private_files import restrict_umask
from core.settings import Settings, get_settings

from . import cli_batch, cli_parse


def _database(settings: Settings) -> None:
    """Say which database a command works on (a key made in another one would not work)."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.resolved_database_url()).render_as_string(hide_password=True)
    print(f"casgate: database {url}", file=sys.stderr)


def _keys_create(args: argparse.Namespace) -> int:
    from core.accounts import create_key
    from core.migrate import upgrade

    settings = get_settings()
    _database(settings)
    upgrade(settings)
    info, plaintext = create_key(args.name, args.credits, args.unlimited, settings=settings)
    print(f"created key {info.id} ({info.masked_key}) in account {info.account_id}")
    print("store it now: it is shown only once")
    print(plaintext)
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from core.accounts import list_keys
    from core.accounts.listing import account_exists
    from core.accounts.views import ApiKeyView
    from core.migrate import upgrade

    settings = get_settings()
    _database(settings)
    upgrade(settings)
    if not account_exists(args.account, settings=settings):
        print(
            f"casgate: no account {args.account} in this database (casgate accounts list "
            "shows them)",
            file=sys.stderr,
        )
        return 2
    for info in list_keys(args.account, settings=settings):
        print(ApiKeyView.of(info).model_dump_json())
    return 0


def _accounts_list(args: argparse.Namespace) -> int:
    from core.accounts.listing import list_accounts
    from core.migrate import upgrade

    settings = get_settings()
    _database(settings)
    upgrade(settings)
    for account in list_accounts(settings=settings):
        print(account.model_dump_json())
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    from core.accounts import revoke_key

    settings = get_settings()
    _database(settings)
    revoke_key(args.key_id, settings=settings)
    print(f"revoked {args.key_id}")
    return 0


def _credits_grant(args: argparse.Namespace) -> int:
    from core.accounts import grant_credits
    from core.migrate import upgrade

    settings = get_settings()
    _database(settings)
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
    from core.batch.worker import run_worker
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
    run_worker(settings, threads=args.threads, metrics_port=args.metrics_port)
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

    accounts = commands.add_parser("accounts", help="accounts").add_subparsers(
        dest="accounts_command", required=True
    )
    accounts.add_parser("list", help="every account with its balance, keys and users").set_defaults(
        func=_accounts_list
    )

    cli_parse.add_parser(commands)
    cli_batch.add_parser(commands)

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
    worker.add_argument(
        "--metrics-port", type=int, default=0, help="serve Prometheus metrics here (0: off)"
    )
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
    except BrokenPipeError:
        # the reader went away (`casgate parse … | head`): nothing more to say, and Python
        # must not complain when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("casgate: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
