"""`legcare users`: accounts for a clinic running server mode (add, list, delete)."""

from __future__ import annotations

import sys

import typer

from legcare.cli import output, runtime

users_app = typer.Typer(
    help="Manage server-mode accounts (for clinic admins).", no_args_is_help=True
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="User name: 3 to 64 letters, digits, . _ @ -"),
    role: str = typer.Option("client", "--role", help="client or clinician."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
) -> None:
    """Create an account; the password is asked for (hidden) or read from stdin."""
    from legcare.services.accounts import create_account

    password = _read_password(password_stdin)
    account = create_account(ctx=runtime.context(), username=name, password=password, role=role)
    output.console().print(
        f"Created {account.role} account {account.username!r} (id {account.id})."
    )


@users_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List every account (never the password hashes)."""
    from legcare.services.accounts import list_accounts

    items = [
        {"id": a.id, "username": a.username, "role": a.role, "created_at": a.created_at}
        for a in list_accounts(ctx=runtime.context())
    ]
    if as_json:
        output.print_json(items)
        return
    con = output.console()
    for item in items:
        con.print(f"{item['id']:>5}  {item['username']:<32} {item['role']}")


@users_app.command("delete")
def delete(
    name: str = typer.Argument(..., help="The user name of the account to close."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Close an account for good: its data, its shares and its sessions, in one transaction."""
    from legcare.services.accounts import account_by_name, delete_account

    ctx = runtime.context()
    account = account_by_name(ctx=ctx, username=name)
    if not yes:
        typer.confirm(
            f"Delete the account {account.username!r} and all its data for good?", abort=True
        )
    gone = delete_account(ctx=ctx.for_user(account.id), password=None)
    rows = sum(gone.rows_deleted.values())
    output.console().print(
        f"Deleted the account {gone.username!r}: {rows} records, {gone.shares_ended} shares ended."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
