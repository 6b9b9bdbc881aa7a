"""The clinic set-up of docs/deploy.md, for real: PostgreSQL, server mode with two workers, and
nginx in front terminating TLS. A client signs in through the proxy, gets a Secure session
cookie, writes and reads its check-ins, and a second client cannot see them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.crash.procs import env_for, free_port, wait_for_port
from tests.deploy.servers import add_users, serving, stop

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "deploy-test-secret-" + "s" * 32

NGINX_CONF = """
{user}
worker_processes 1;
error_log {dir}/error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
  access_log {dir}/access.log;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  upstream legcare {{ server 127.0.0.1:{app_port}; }}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {dir}/cert.pem;
    ssl_certificate_key {dir}/key.pem;
    client_max_body_size 2m;
    location / {{
      proxy_pass http://legcare;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


@pytest.fixture
def clinic(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    if not os.path.exists(NGINX):
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (scripts/install --dev installs it as root)")
        pytest.skip("nginx is not installed")
    env = env_for(
        tmp_path / "data",
        LEGCARE_MODE="server",
        LEGCARE_DATABASE_URL=postgres_url,
        LEGCARE_SECRET_KEY=SECRET,
        LEGCARE_WORKERS="2",
        LEGCARE_SECURE_COOKIES="true",
        LEGCARE_TRUSTED_PROXIES="127.0.0.1",
    )
    add_users(env, {name: f"{name}-password-123" for name in ("alice", "bob")})
    app_port, port = free_port(), free_port()
    ngx_dir = tmp_path / "nginx"
    ngx_dir.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(ngx_dir / "key.pem"),
         "-out", str(ngx_dir / "cert.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    user = "user root;" if os.geteuid() == 0 else ""
    conf = NGINX_CONF.format(user=user, dir=ngx_dir, app_port=app_port, port=port)
    (ngx_dir / "nginx.conf").write_text(conf)
    ngx = subprocess.Popen(
        [NGINX, "-c", str(ngx_dir / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with serving(env, app_port):
            wait_for_port(port, timeout=30)
            yield f"https://127.0.0.1:{port}"
    finally:
        stop(ngx)


def _login(client: httpx.Client, name: str) -> None:
    resp = client.post("/api/v1/login", json={"username": name, "password": f"{name}-password-123"})
    assert resp.status_code == 200, resp.text
    client.headers["X-CSRF-Token"] = resp.json()["csrf_token"]
    cookie = resp.headers.get("set-cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie, cookie
    assert cookie.startswith("__Host-legcare_session="), cookie


def test_clinic_behind_tls_proxy(clinic: str) -> None:
    with httpx.Client(base_url=clinic, verify=False, timeout=20) as alice:
        assert alice.get("/api/v1/checkins").status_code == 401
        _login(alice, "alice")
        body = {"kind": "evening", "day": "2026-01-05", "values": {"rls": 4, "note": "via proxy"}}
        assert alice.post("/api/v1/checkins", json=body).status_code == 201
        # Several requests, so both workers serve some; each sees the same database.
        for _ in range(10):
            listing = alice.get(
                "/api/v1/checkins", params={"from": "2026-01-01", "to": "2026-01-31"}
            )
            assert listing.status_code == 200
            assert [c["day"] for c in listing.json()["checkins"]] == ["2026-01-05"]
        assert alice.get("/api/v1/health").json()["database"]["engine"] == "postgresql"
    with httpx.Client(base_url=clinic, verify=False, timeout=20) as bob:
        _login(bob, "bob")
        listing = bob.get("/api/v1/checkins", params={"from": "2026-01-01", "to": "2026-01-31"})
        assert listing.status_code == 200 and listing.json()["checkins"] == []
