"""The accounts service under attack: parallel guesses, many user names from one address,
someone else's lockout, mass registration and bounded password hashing. Real argon2, real
SQLite and PostgreSQL; attempts run in parallel threads like a threaded web worker."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from legcare.errors import NotAuthenticated, RateLimited
from legcare.services import accounts
from legcare.services.context import AppContext
from legcare.settings import Settings
from legcare.store.database import Store
from tests.conftest import FIXED_NOW

PASSWORD = "correct horse battery"


@pytest.fixture
def server(any_store: Store, tmp_path: Path) -> AppContext:
    settings = Settings(
        mode="server",
        data_dir=tmp_path,
        database_url=str(any_store.engine.url.render_as_string(hide_password=False)),
        secret_key="s" * 40,
        login_attempts_per_minute=5,
        login_attempts_per_address_per_minute=12,
        registrations_per_address_per_hour=3,
        password_hashing_memory_mb=128,
    )
    ctx = AppContext(settings=settings, store=any_store, clock=lambda: FIXED_NOW)
    accounts.create_account(ctx=ctx, username="alice", password=PASSWORD, role="client")
    return ctx


def _attempt(ctx: AppContext, username: str, password: str, address: str) -> str:
    try:
        accounts.login(ctx=ctx, username=username, password=password, client_address=address)
    except RateLimited:
        return "429"
    except NotAuthenticated:
        return "401"
    return "200"


def test_parallel_wrong_guesses_cannot_pass_the_limit(server: AppContext) -> None:
    limit = server.settings.login_attempts_per_minute
    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = Counter(
            pool.map(lambda i: _attempt(server, "alice", f"guess-{i}", "203.0.113.5"), range(30))
        )
    assert outcomes["401"] <= limit
    assert outcomes["429"] >= 30 - limit
    assert outcomes["200"] == 0
    # Attempts refused in the crush are not counted, so a few more guesses may be checked
    # afterwards, but never more than the limit in all; then even the right password waits.
    later = [_attempt(server, "alice", f"later-{i}", "203.0.113.5") for i in range(limit)]
    assert outcomes["401"] + later.count("401") == limit
    assert _attempt(server, "alice", PASSWORD, "203.0.113.5") == "429"


def test_a_burst_with_the_right_password_inside_gets_at_most_limit_checks(
    server: AppContext,
) -> None:
    limit = server.settings.login_attempts_per_minute
    guesses = [f"guess-{i}" for i in range(40)] + [PASSWORD]
    with ThreadPoolExecutor(max_workers=41) as pool:
        outcomes = list(pool.map(lambda p: _attempt(server, "alice", p, "203.0.113.5"), guesses))
    assert outcomes.count("401") + outcomes.count("200") <= limit


def test_refused_attempts_do_not_extend_the_lockout(server: AppContext) -> None:
    limit = server.settings.login_attempts_per_minute
    for i in range(limit + 10):
        _attempt(server, "alice", f"guess-{i}", "203.0.113.5")
    with server.store.read() as conn:
        from legcare.store import login_attempts

        since = FIXED_NOW - accounts.RATE_WINDOW
        key = "n|alice|203.0.113.5"
        assert login_attempts.failures_since(conn, key=key, since=since) == limit


def test_someone_elsewhere_cannot_lock_the_real_user_out(server: AppContext) -> None:
    for i in range(20):
        _attempt(server, "alice", f"guess-{i}", "198.51.100.66")
    assert _attempt(server, "alice", PASSWORD, "203.0.113.5") == "200"


def test_cycling_user_names_from_one_address_hits_the_address_limit(server: AppContext) -> None:
    per_address = server.settings.login_attempts_per_address_per_minute
    outcomes = [_attempt(server, f"nobody{i}", "whatever-pw", "203.0.113.9") for i in range(20)]
    assert outcomes[:per_address] == ["401"] * per_address
    assert set(outcomes[per_address:]) == {"429"}
    # other addresses are not affected
    assert _attempt(server, "alice", PASSWORD, "203.0.113.10") == "200"


def test_successful_sign_in_clears_the_failures_of_that_name(server: AppContext) -> None:
    limit = server.settings.login_attempts_per_minute
    for i in range(limit - 1):
        assert _attempt(server, "alice", f"guess-{i}", "203.0.113.5") == "401"
    assert _attempt(server, "alice", PASSWORD, "203.0.113.5") == "200"
    assert _attempt(server, "alice", "guess-again", "203.0.113.5") == "401"


def test_registration_is_limited_per_address(server: AppContext) -> None:
    limit = server.settings.registrations_per_address_per_hour
    for i in range(limit):
        accounts.register(
            ctx=server, username=f"newbie{i}", password=PASSWORD, client_address="192.0.2.1"
        )
    with pytest.raises(RateLimited, match="at most 3 an hour"):
        accounts.register(
            ctx=server, username="one-more", password=PASSWORD, client_address="192.0.2.1"
        )
    accounts.register(ctx=server, username="elsewhere", password=PASSWORD, client_address="x")
    assert [a.username for a in accounts.list_accounts(ctx=server)][-1] == "elsewhere"


def test_hash_slots_follow_the_memory_budget() -> None:
    assert accounts.hash_slots(64) == 1
    assert accounts.hash_slots(256) == 4
    assert accounts.hash_slots(1000) == 15


def test_the_gate_lets_only_its_slots_in_at_once() -> None:
    gate = accounts.HashingGate(2)
    inside = threading.Semaphore(0)
    leave = threading.Event()

    def work() -> None:
        inside.release()
        leave.wait(10)

    threads = [threading.Thread(target=gate.run, args=(work,)) for _ in range(6)]
    for t in threads:
        t.start()
    assert inside.acquire(timeout=10) and inside.acquire(timeout=10)
    assert not inside.acquire(timeout=0.3)  # the third waits outside
    assert gate.active == 2
    leave.set()
    for t in threads:
        t.join(10)
    assert gate.active == 0 and gate.peak == 2


def test_the_gate_says_busy_when_the_wait_is_too_long() -> None:
    gate = accounts.HashingGate(1)
    with gate.slot(), pytest.raises(RateLimited, match="busy"), gate.slot(timeout=0.05):
        pass


def test_parallel_sign_ins_never_hash_more_than_the_budget_allows(server: AppContext) -> None:
    gate = accounts.hashing_gate(server)
    assert gate.slots == 2  # 128 MiB / 64 MiB per argon2 hash
    gate.peak = 0
    names = [f"user{i}" for i in range(12)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda n: _attempt(server, n, "wrong-pass", f"10.0.0.{n[4:]}"), names))
    assert 1 <= gate.peak <= gate.slots
    assert gate.active == 0


# --- user names, account deletion, ending shares, the access log ----------------------------


def test_user_names_are_unique_whatever_their_case(server: AppContext) -> None:
    from legcare.errors import Conflict

    with pytest.raises(Conflict, match="taken"):
        accounts.create_account(ctx=server, username="ALICE", password=PASSWORD, role="client")
    # and either spelling signs in to the one account
    session = accounts.login(ctx=server, username="Alice", password=PASSWORD, client_address="x")
    assert session.account.username == "alice"


def test_the_database_itself_refuses_a_second_spelling(server: AppContext) -> None:
    import sqlalchemy as sa

    from legcare.store.tables import users

    with pytest.raises(sa.exc.IntegrityError), server.store.transaction() as conn:
        conn.execute(users.insert().values(username="aLiCe", role="client", created_at=FIXED_NOW))


def _clinic(server: AppContext) -> tuple[AppContext, AppContext]:
    alice = accounts.login(ctx=server, username="alice", password=PASSWORD, client_address="x")
    dr = accounts.create_account(ctx=server, username="dr_h", password=PASSWORD, role="clinician")
    client = server.for_user(alice.account.id)
    accounts.share_with(ctx=client, clinician="dr_h")
    return client, server.for_user(dr.id)


def test_a_clinicians_every_look_is_logged_for_the_client(server: AppContext) -> None:
    client, clinician = _clinic(server)
    assert accounts.my_access_log(ctx=client) == []
    accounts.client_context(ctx=clinician, client_id=client.user_id, what="client page")
    accounts.client_context(ctx=clinician, client_id=client.user_id, what="report (pdf)")
    log = accounts.my_access_log(ctx=client)
    assert [(a.clinician, a.what) for a in log] == [
        ("dr_h", "report (pdf)"),
        ("dr_h", "client page"),
    ]
    assert accounts.my_access_log(ctx=clinician) == []  # the log is the client's
    # a refused look is not a look
    accounts.stop_sharing(ctx=client, clinician="dr_h")
    from legcare.errors import NotFound

    with pytest.raises(NotFound):
        accounts.client_context(ctx=clinician, client_id=client.user_id)
    assert len(accounts.my_access_log(ctx=client)) == 2


def test_deleting_an_account_removes_data_shares_and_sessions(server: AppContext) -> None:
    from legcare.errors import NotAuthenticated as WrongPassword
    from legcare.services import diary

    client, clinician = _clinic(server)
    diary.log_checkin(ctx=client, kind="evening", day=FIXED_NOW.date(), values={"rls": 4})
    session = accounts.login(ctx=server, username="alice", password=PASSWORD, client_address="y")
    with pytest.raises(WrongPassword):
        accounts.delete_account(ctx=client, password="not the password")
    gone = accounts.delete_account(ctx=client, password=PASSWORD)
    assert gone.username == "alice" and gone.shares_ended == 1
    assert gone.rows_deleted["checkins"] == 1
    assert accounts.active_session(ctx=server, token=session.token) is None
    assert accounts.clinician_clients(ctx=clinician) == []
    assert [a.username for a in accounts.list_accounts(ctx=server)] == ["local", "dr_h"]
    assert _attempt(server, "alice", PASSWORD, "z") == "401"
    # the name is free again
    accounts.create_account(ctx=server, username="alice", password=PASSWORD, role="client")


def test_local_mode_has_no_account_to_delete(ctx: AppContext) -> None:
    from legcare.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="delete all"):
        accounts.delete_account(ctx=ctx, password=None)


def test_delete_all_ends_every_share(server: AppContext) -> None:
    from legcare.services.views import export

    client, clinician = _clinic(server)
    export.delete_all(ctx=client)
    assert accounts.my_shares(ctx=client) == []
    assert accounts.clinician_clients(ctx=clinician) == []
