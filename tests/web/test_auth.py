"""Server mode: accounts, sign-in and sign-out, sessions, rate limiting, sharing, clinicians;
local mode: no login. Run on SQLite and PostgreSQL where storage matters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from legcare.errors import InvalidInput, NotFound, PermissionDenied
from legcare.services import accounts
from legcare.settings import Settings
from legcare.store.tables import web_sessions
from legcare.web.auth import SESSION_COOKIE
from tests.web.server_helpers import CSRF_INPUT, PASSWORD, Browser, add_user, server_app


@pytest.fixture
def app(any_db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    application = server_app(any_db_url, tmp_path)
    yield application
    application.state.ctx.store.dispose()


@pytest.fixture
def sqlite_app(sqlite_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    application = server_app(sqlite_url, tmp_path)
    yield application
    application.state.ctx.store.dispose()


def test_anonymous_api_call_gets_401_in_the_error_shape(sqlite_app: FastAPI) -> None:
    with TestClient(sqlite_app) as client:
        response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error": "Sign in first.", "status": 401, "details": []}


def test_anonymous_page_redirects_to_login_keeping_the_target(sqlite_app: FastAPI) -> None:
    with TestClient(sqlite_app) as client:
        response = client.get("/account?x=1", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Faccount%3Fx%3D1"
        login = client.get("/login")
    assert login.status_code == 200
    assert 'name="csrf_token"' in login.text


def test_health_and_schema_are_open_without_login(sqlite_app: FastAPI) -> None:
    with TestClient(sqlite_app) as client:
        assert client.get("/api/v1/health").status_code == 200
        assert client.get("/api/v1/openapi.json").status_code == 200


def test_login_me_logout_round_trip(app: FastAPI) -> None:
    add_user(app, "alice")
    browser = Browser(app)
    body = browser.login("alice")
    assert body["user"]["username"] == "alice"
    cookie = browser.client.cookies.get(SESSION_COOKIE)
    assert cookie
    me = browser.get("/api/v1/me").json()
    assert me["username"] == "alice"
    assert me["csrf_token"] == body["csrf_token"]
    assert browser.post("/api/v1/logout").status_code == 200
    assert browser.get("/api/v1/me").status_code == 401


def test_only_a_hash_of_the_session_token_is_stored(app: FastAPI) -> None:
    add_user(app, "alice")
    browser = Browser(app)
    browser.login("alice")
    token = browser.client.cookies.get(SESSION_COOKIE)
    with app.state.ctx.store.read() as conn:
        stored = conn.execute(sa.select(web_sessions.c.token_hash)).scalars().all()
    assert token not in stored
    assert stored == [accounts.hash_token(token)]


def test_session_cookie_flags(sqlite_url: str, tmp_path: Path) -> None:
    app = server_app(sqlite_url, tmp_path, secure_cookies=True)
    add_user(app, "alice")
    with TestClient(app, base_url="https://testserver") as client:
        response = client.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" in cookie
    assert response.headers["strict-transport-security"].startswith("max-age=")
    assert cookie.startswith("__host-legcare_session=") and "path=/" in cookie
    assert "domain=" not in cookie


def test_secure_cookies_carry_the_host_prefix_and_work(sqlite_url: str, tmp_path: Path) -> None:
    app = server_app(sqlite_url, tmp_path, secure_cookies=True)
    add_user(app, "alice")
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/login")
        assert form.headers["set-cookie"].startswith("__Host-legcare_csrf=")
        assert "Secure" in form.headers["set-cookie"]
        token = CSRF_INPUT.search(form.text)
        assert token is not None
        data = {"username": "alice", "password": PASSWORD, "csrf_token": token.group(1)}
        signed_in = client.post("/login", data=data, follow_redirects=False)
        assert signed_in.status_code == 303
        assert client.cookies.get("__Host-legcare_session")
        assert client.get("/api/v1/me").json()["username"] == "alice"
        # the unprefixed name means nothing here
        plain = TestClient(app, base_url="https://testserver")
        plain.cookies.set(SESSION_COOKIE, client.cookies.get("__Host-legcare_session") or "")
        assert plain.get("/api/v1/me").status_code == 401
        plain.close()
    app.state.ctx.store.dispose()


def test_server_app_refuses_cookies_without_secure_unless_plain_http_is_allowed(
    sqlite_url: str, tmp_path: Path
) -> None:
    from legcare.errors import ConfigurationError
    from legcare.web.app import create_app

    settings = Settings(
        mode="server", database_url=sqlite_url, data_dir=tmp_path, secret_key="x" * 40
    )
    with pytest.raises(ConfigurationError, match="LEGCARE_ALLOW_PLAIN_HTTP"):
        create_app(settings)


def test_wrong_password_and_unknown_user_look_the_same(app: FastAPI) -> None:
    add_user(app, "alice")
    with TestClient(app) as client:
        wrong = client.post("/api/v1/login", json={"username": "alice", "password": "nope"})
        unknown = client.post("/api/v1/login", json={"username": "bob", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_session_fixation_token_changes_at_login_and_old_one_dies(app: FastAPI) -> None:
    add_user(app, "alice")
    browser = Browser(app)
    browser.login("alice")
    first = browser.client.cookies.get(SESSION_COOKIE)
    first_csrf = browser.csrf
    browser.login("alice")  # signing in again (e.g. on a shared computer)
    second = browser.client.cookies.get(SESSION_COOKIE)
    assert second and second != first
    assert browser.csrf != first_csrf
    with TestClient(app) as other:
        other.cookies.set(SESSION_COOKIE, first)
        assert other.get("/api/v1/me").status_code == 401  # replaced at login
    browser.post("/api/v1/logout")
    with TestClient(app) as other:
        other.cookies.set(SESSION_COOKIE, second)
        assert other.get("/api/v1/me").status_code == 401  # ended at logout


def test_a_planted_session_cookie_is_not_adopted(app: FastAPI) -> None:
    """An attacker who sets a cookie value before the victim logs in gains nothing."""
    add_user(app, "alice")
    planted = "attacker-chosen-value"
    with TestClient(app) as client:
        client.cookies.set(SESSION_COOKIE, planted)
        response = client.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
        assert response.status_code == 200
        assert response.cookies.get(SESSION_COOKIE) not in (None, planted)
    with TestClient(app) as attacker:
        attacker.cookies.set(SESSION_COOKIE, planted)
        assert attacker.get("/api/v1/me").status_code == 401


def test_expired_session_is_refused(app: FastAPI) -> None:
    add_user(app, "alice")
    browser = Browser(app)
    browser.login("alice")
    with app.state.ctx.store.transaction() as conn:
        conn.execute(
            web_sessions.update().values(expires_at=app.state.ctx.now() - timedelta(minutes=1))
        )
    assert browser.get("/api/v1/me").status_code == 401


def test_brute_force_login_is_rate_limited(app: FastAPI) -> None:
    add_user(app, "alice")
    limit = app.state.settings.login_attempts_per_minute
    with TestClient(app) as client:
        codes = [
            client.post(
                "/api/v1/login", json={"username": "alice", "password": f"guess{i}"}
            ).status_code
            for i in range(limit)
        ]
        assert codes == [401] * limit
        blocked = client.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["ok"] is False
    assert "Wait a minute" in blocked.json()["error"]


def test_rate_limit_is_per_user_name_and_lifts_after_a_minute(app: FastAPI) -> None:
    add_user(app, "alice")
    add_user(app, "carol")
    ctx = app.state.ctx
    for i in range(app.state.settings.login_attempts_per_minute):
        with pytest.raises(PermissionDenied):
            accounts.login(ctx=ctx, username="alice", password=f"g{i}", client_address="1.2.3.4")
    # another user name from the same address is not blocked
    accounts.login(ctx=ctx, username="carol", password=PASSWORD, client_address="1.2.3.4")
    later = ctx.now() + timedelta(seconds=61)
    later_ctx = type(ctx)(settings=ctx.settings, store=ctx.store, clock=lambda: later)
    session = accounts.login(
        ctx=later_ctx, username="alice", password=PASSWORD, client_address="1.2.3.4"
    )
    assert session.account.username == "alice"


def test_login_form_flow_with_csrf(sqlite_app: FastAPI) -> None:
    add_user(sqlite_app, "alice")
    browser = Browser(sqlite_app)
    token = browser.page_token("/login")
    form = {"username": "alice", "password": PASSWORD, "next": "/account", "csrf_token": token}
    response = browser.client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    page = browser.get("/account")
    assert page.status_code == 200
    assert "Signed in as <strong>alice</strong>" in page.text


def test_login_form_without_csrf_token_is_refused(sqlite_app: FastAPI) -> None:
    add_user(sqlite_app, "alice")
    with TestClient(sqlite_app) as client:
        form = {"username": "alice", "password": PASSWORD}
        response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_login_form_does_not_redirect_off_site(sqlite_app: FastAPI) -> None:
    add_user(sqlite_app, "alice")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        browser = Browser(sqlite_app)
        token = browser.page_token("/login")
        form = {"username": "alice", "password": PASSWORD, "next": target, "csrf_token": token}
        response = browser.client.post("/login", data=form, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_register_then_login_as_a_client(sqlite_app: FastAPI) -> None:
    browser = Browser(sqlite_app)
    token = browser.page_token("/register")
    form = {"username": "newbie", "password": "long enough pw", "csrf_token": token}
    response = browser.client.post("/register", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert browser.login("newbie", "long enough pw")["user"]["role"] == "client"


def test_register_refuses_bad_names_and_short_passwords(sqlite_app: FastAPI) -> None:
    with pytest.raises(InvalidInput) as caught:
        accounts.register(ctx=sqlite_app.state.ctx, username="<b>", password="short")
    assert len(caught.value.details) == 2
    with TestClient(sqlite_app) as client:
        response = client.post("/api/v1/register", json={"username": "ok_name", "password": "x"})
    assert response.status_code == 422
    assert response.json()["details"] == ["password: 10 to 1024 characters"]


def test_duplicate_user_name_is_a_conflict(app: FastAPI) -> None:
    add_user(app, "alice")
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/register", json={"username": "alice", "password": "another password"}
        )
    assert response.status_code == 409


def test_sharing_gives_a_clinician_read_only_access_to_that_client_only(app: FastAPI) -> None:
    alice = add_user(app, "alice")
    add_user(app, "bob")
    add_user(app, "drjones", role="clinician")
    add_user(app, "drsmith", role="clinician")
    a = Browser(app)
    a.login("alice")
    assert a.post("/api/v1/shares", json={"clinician": "drjones"}).status_code == 201
    # sharing with a non-clinician or an unknown name is refused
    assert a.post("/api/v1/shares", json={"clinician": "bob"}).status_code == 404
    assert a.post("/api/v1/shares", json={"clinician": "nobody"}).status_code == 404
    assert [s["clinician"] for s in a.get("/api/v1/shares").json()] == ["drjones"]

    jones = Browser(app)
    jones.login("drjones")
    clients = jones.get("/api/v1/clinician/clients").json()
    assert [(c["client_id"], c["client"]) for c in clients] == [(alice, "alice")]
    smith = Browser(app)
    smith.login("drsmith")
    assert smith.get("/api/v1/clinician/clients").json() == []
    ctx = app.state.ctx
    with pytest.raises(NotFound):
        accounts.client_context(ctx=ctx.for_user(smith_id(app)), client_id=alice)
    client_ctx, share = accounts.client_context(ctx=ctx.for_user(jones_id(app)), client_id=alice)
    assert client_ctx.user_id == alice
    assert share.client_name == "alice"

    # a client cannot use the clinician endpoint
    assert a.get("/api/v1/clinician/clients").status_code == 403
    # stop sharing: access ends at once
    assert a.request("DELETE", "/api/v1/shares/drjones").status_code == 200
    assert jones.get("/api/v1/clinician/clients").json() == []
    with pytest.raises(NotFound):
        accounts.client_context(ctx=ctx.for_user(jones_id(app)), client_id=alice)


def smith_id(app: FastAPI) -> int:
    return _id(app, "drsmith")


def jones_id(app: FastAPI) -> int:
    return _id(app, "drjones")


def _id(app: FastAPI, name: str) -> int:
    return next(a.id for a in accounts.list_accounts(ctx=app.state.ctx) if a.username == name)


def test_local_mode_has_no_login(client: TestClient) -> None:
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["local"] is True
    assert me.json()["username"] == "local"
    assert client.get("/login", follow_redirects=False).status_code == 303
    response = client.post("/api/v1/login", json={"username": "local", "password": "whatever1"})
    assert response.status_code == 404
    assert client.get("/register").status_code == 404


def test_cli_users_add_and_list(cli) -> None:  # type: ignore[no-untyped-def]
    added = cli(
        "users",
        "add",
        "drjones",
        "--role",
        "clinician",
        "--password-stdin",
        input="a good long password\n",
    )
    assert added.exit_code == 0, added.stderr
    listed = cli("users", "list", "--json")
    assert listed.exit_code == 0
    assert '"username": "drjones"' in listed.stdout
    assert "password" not in listed.stdout
    bad = cli("users", "add", "x", "--role", "admin", "--password-stdin", input="short\n")
    assert bad.exit_code == 2
    assert "role: one of client, clinician" in bad.stderr + bad.stdout


def test_signed_in_pages_render_in_server_mode(sqlite_app: FastAPI) -> None:
    """Every page without path parameters works for a signed-in client (no redirect loop)."""
    from tests.web.cross_user import routes

    add_user(sqlite_app, "alice")
    browser = Browser(sqlite_app)
    browser.login("alice")
    pages = [
        r.path
        for r in routes(sqlite_app)
        if "GET" in r.methods and not r.path.startswith("/api/") and "{" not in r.path
    ]
    assert "/account" in pages
    for path in pages:
        response = browser.get(path, follow_redirects=False)
        allowed = (403,) if path.startswith("/clinician") else (200, 303, 307, 404)
        assert response.status_code in allowed, (path, response.status_code)
        if response.status_code in (303, 307) and path != "/login":
            assert not response.headers["location"].startswith("/login"), path
    account = browser.get("/account").text
    assert 'action="/logout"' in account
    assert "csrf_token" in account


@pytest.mark.parametrize("secret", ["change-me", "short-secret"])
def test_server_mode_app_refuses_a_default_or_short_secret(tmp_path: Path, secret: str) -> None:
    from legcare.errors import ConfigurationError
    from legcare.settings import Settings
    from legcare.web.app import create_app

    settings = Settings(mode="server", data_dir=tmp_path, secret_key=secret)
    with pytest.raises(ConfigurationError, match="LEGCARE_SECRET_KEY"):
        create_app(settings)


def test_deleting_the_account_through_the_api_needs_the_password(app: FastAPI) -> None:
    add_user(app, "alice")
    browser = Browser(app)
    browser.login("alice")
    wrong = browser.request("DELETE", "/api/v1/account", json={"password": "not it at all"})
    assert wrong.status_code == 401
    assert browser.get("/api/v1/me").status_code == 200  # nothing happened
    gone = browser.request("DELETE", "/api/v1/account", json={"password": PASSWORD})
    assert gone.status_code == 200, gone.text
    assert gone.json()["username"] == "alice"
    assert browser.get("/api/v1/me").status_code == 401
    with TestClient(app) as client:
        again = client.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
    assert again.status_code == 401


def test_the_client_sees_which_clinician_looked_at_what(sqlite_app: FastAPI) -> None:
    client_id = add_user(sqlite_app, "alice")
    add_user(sqlite_app, "dr_h", role="clinician")
    alice, dr = Browser(sqlite_app), Browser(sqlite_app)
    alice.login("alice")
    assert alice.post("/api/v1/shares", json={"clinician": "dr_h"}).status_code == 201
    dr.login("dr_h")
    assert dr.get(f"/clinician/clients/{client_id}").status_code == 200
    assert dr.get(f"/api/v1/report?client={client_id}").status_code == 200
    log = alice.get("/api/v1/account/access-log").json()
    assert [(e["clinician"], e["what"]) for e in log] == [
        ("dr_h", "report (html)"),
        ("dr_h", "client page"),
    ]
    page = alice.get("/account").text
    assert "Who has looked at your data" in page and "report (html)" in page
    assert dr.get("/api/v1/account/access-log").json() == []


def test_the_account_page_deletes_the_account(sqlite_app: FastAPI) -> None:
    add_user(sqlite_app, "alice")
    browser = Browser(sqlite_app)
    browser.login("alice")
    token = browser.page_token("/account")
    form = {"password": PASSWORD, "csrf_token": token}
    response = browser.client.post("/account/delete", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?deleted=1"
    assert "have been deleted" in browser.get("/login?deleted=1").text
    assert browser.get("/api/v1/me").status_code == 401
