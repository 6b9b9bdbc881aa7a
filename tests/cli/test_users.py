"""`legcare users`: a clinic admin closes an account from the command line."""

from __future__ import annotations


def test_users_delete_closes_the_account_and_keeps_the_others(cli) -> None:  # type: ignore[no-untyped-def]
    for name in ("alice", "bob"):
        added = cli("users", "add", name, "--password-stdin", input="a good long password\n")
        assert added.exit_code == 0, added.stderr
    refused = cli("users", "delete", "ALICE", input="n\n")
    assert refused.exit_code != 0
    deleted = cli("users", "delete", "ALICE", "--yes")
    assert deleted.exit_code == 0, deleted.stderr
    assert "Deleted the account 'alice'" in deleted.stdout
    listed = cli("users", "list", "--json").stdout
    assert '"username": "bob"' in listed and '"username": "alice"' not in listed
    missing = cli("users", "delete", "alice", "--yes")
    assert missing.exit_code == 3
    assert "no account called 'alice'" in missing.stderr + missing.stdout


def test_users_delete_never_removes_the_local_user(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("users", "delete", "local", "--yes")
    assert result.exit_code == 5
    assert "delete all" in result.stderr + result.stdout
