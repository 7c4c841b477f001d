"""Client transport security: TLS is verified by default, the token never goes over plain http to a remote host
(unless explicitly allowed), and a redirect to another host does not carry it along."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi.client import CortexClient, CortexConfigError, CortexConnectionError
from cortex_pulumi.client.settings import Settings
from tests.reliability.report import Scenario

TOKEN = "client-security-token-5d2c8e1f"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every GET with an empty secrets page (or a redirect) and records the headers it saw."""

    seen: list[dict[str, str]]
    redirect_to: str | None = None

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.seen.append(dict(self.headers))
        if self.redirect_to:
            self.send_response(307)
            self.send_header("Location", self.redirect_to + self.path)
            self.end_headers()
            return
        body = b'{"page": 0, "total": 0, "totalPages": 0, "secrets": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


def serve(context: ssl.SSLContext | None = None, redirect_to: str | None = None, host: str = "127.0.0.1"
          ) -> tuple[http.server.HTTPServer, list[dict[str, str]]]:
    seen: list[dict[str, str]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen, "redirect_to": redirect_to})
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command line)."""
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command line is needed to make a test certificate (apt-get install openssl)")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[str, list[dict[str, str]]]]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server, seen = serve(context)
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()


def test_tls_is_verified_by_default(tls_server: tuple[str, list[dict[str, str]]], certificate: tuple[Path, Path],
                                    scenario: Scenario) -> None:
    url, seen = tls_server
    client = CortexClient(base_url=url, api_token=TOKEN, max_retries=0)
    with pytest.raises(CortexConnectionError) as raised:
        client.list_all_secrets()
    assert "TLS" in str(raised.value) and TOKEN not in str(raised.value)
    assert seen == [], "the handshake failed before any request (and token) was sent"
    assert CortexClient(settings=Settings(api_token=TOKEN, base_url=url))._transport._verify is True
    # The same server is accepted once its certificate is trusted: verification, not a broken TLS stack.
    trusted = CortexClient(base_url=url, api_token=TOKEN, max_retries=0, verify=str(certificate[0]))
    assert trusted.list_all_secrets().total == 0
    assert seen[-1]["Authorization"] == f"Bearer {TOKEN}"
    scenario.area, scenario.title = "Security", "Client: TLS verified by default"
    scenario.injected = "an https server with a self-signed certificate"
    scenario.leaks = 0
    scenario.held = "refused before any request; accepted only with the certificate as CA bundle"


@pytest.mark.parametrize("url", ["http://cortex.example.com", "http://10.0.0.5:8080", "http://127.0.0.1.nip.io",
                                 "http://localhost.example.com", "HTTP://cortex.example.com/"])
def test_plain_http_to_a_remote_host_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(CortexConfigError) as raised:
        CortexClient(base_url=url, api_token=TOKEN)
    assert "plain http" in str(raised.value) and "allowInsecureHttp" in str(raised.value)
    assert TOKEN not in str(raised.value)
    with pytest.raises(CortexConfigError):
        Settings(api_token=TOKEN, base_url=url)
    assert CortexClient(base_url=url, api_token=TOKEN, allow_insecure_http=True).base_url.lower().startswith("http://")
    assert Settings(api_token=TOKEN, base_url=url, allow_insecure_http=True).base_url


def test_plain_http_to_loopback_is_allowed_and_https_anywhere(scenario: Scenario) -> None:
    for url in ("http://127.0.0.1:8585", "http://localhost:8585", "http://[::1]:8585", "https://cortex.example.com"):
        assert CortexClient(base_url=url, api_token=TOKEN).base_url == url
    scenario.area, scenario.title = "Security", "Client: no token over plain http to a remote host"
    scenario.injected = "5 http:// URLs of remote hosts (incl. look-alikes of 127.0.0.1 and localhost)"
    scenario.leaks = 0
    scenario.held = "refused before any connection unless allow_insecure_http; loopback http and https accepted"


def test_a_redirect_to_another_host_does_not_carry_the_token(scenario: Scenario) -> None:
    target, target_seen = serve(host="127.0.0.1")
    other_host = f"http://localhost:{target.server_address[1]}"  # same server, another host name
    source, source_seen = serve(redirect_to=other_host)
    try:
        client = CortexClient(base_url=f"http://127.0.0.1:{source.server_address[1]}", api_token=TOKEN, max_retries=0)
        client.list_all_secrets()
    finally:
        source.shutdown()
        target.shutdown()
    assert source_seen[0]["Authorization"] == f"Bearer {TOKEN}"
    assert target_seen and all("Authorization" not in h for h in target_seen)
    scenario.area, scenario.title = "Security", "Client: redirects to another host"
    scenario.injected = "a 307 from the configured host to another host name"
    scenario.leaks = sum("Authorization" in h for h in target_seen)
    scenario.held = "the request followed without the Authorization header"
