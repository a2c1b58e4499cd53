"""The operator's CLI: it says which database it works on, lists accounts, and ``keys list``
says when an account does not exist instead of printing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ops.test_cli_parse import run_cli


def test_accounts_and_keys_are_listed_from_the_database_it_names(tmp_path: Path) -> None:
    created = run_cli("keys", "create", "--name", "acme", "--credits", "250", tmp_path=tmp_path)
    assert created.returncode == 0, created.stderr
    database = f"casgate: database sqlite:///{tmp_path / 'data' / 'casgate.db'}"
    assert created.stderr.splitlines()[0] == database
    account_id = created.stdout.split(" in account ")[1].split()[0]

    accounts = run_cli("accounts", "list", tmp_path=tmp_path)
    assert accounts.returncode == 0, accounts.stderr
    (listed,) = [json.loads(line) for line in accounts.stdout.splitlines()]
    assert listed["id"] == account_id and listed["name"] == "acme"
    assert (listed["credits_limit"], listed["credits_used"], listed["active_keys"]) == (250, 0, 1)
    assert "key" not in json.dumps(listed).replace("active_keys", "")

    keys = run_cli("keys", "list", "--account", account_id, tmp_path=tmp_path)
    assert keys.returncode == 0 and json.loads(keys.stdout)["name"] == "acme"
    missing = run_cli("keys", "list", "--account", "acc_does_not_exist", tmp_path=tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "no account acc_does_not_exist in this database" in missing.stderr
    assert missing.stderr.splitlines()[0] == database
