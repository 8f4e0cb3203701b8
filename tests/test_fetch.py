"""Fetcher against a loopback HTTP server: conditional GET, URL and address safety, redirects,
size limits (declared, streamed, gzip bomb), timeouts, status errors and the per-host delay."""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import http.server
import ipaddress
import socket
import ssl
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from transforms import fetch
from transforms.fetch import (
    USER_AGENT,
    FetchError,
    FetchPolicy,
    Fetcher,
    HTTPStatusError,
    TooLarge,
    UnsafeURL,
    Validators,
    is_public_address,
)

ETAG = '"article-v1"'
LAST_MODIFIED = "Tue, 02 Jan 2024 10:00:00 GMT"
ARTICLE = "Le président a déclaré mardi.".encode("latin-1")
LIMIT = 64 * 1024
BOMB_SIZE = 32 * 1024 * 1024  # decoded; gzip makes ~32 KiB of it
BOMB = gzip.compress(bytes(BOMB_SIZE), compresslevel=9)
LOCAL = FetchPolicy(allow_private_hosts=True, min_host_delay=0, max_bytes=LIMIT, timeout=2.0)

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def send(
    handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def article(handler: http.server.BaseHTTPRequestHandler) -> None:
    if handler.headers.get("If-None-Match") == ETAG or (
        handler.headers.get("If-Modified-Since") == LAST_MODIFIED
    ):
        handler.send_response(304)
        handler.end_headers()
        return
    send(
        handler,
        200,
        ARTICLE,
        Content_Type="Text/HTML; charset=ISO-8859-1",
        ETag=ETAG,
        Last_Modified=LAST_MODIFIED,
    )


def echo(handler: http.server.BaseHTTPRequestHandler) -> None:
    """The request's Host and User-Agent headers, to check what the fetcher sent."""
    body = f"{handler.headers['Host']}|{handler.headers['User-Agent']}".encode()
    send(handler, 200, body, Content_Type="text/plain")


def redirect_to(location: str) -> Route:
    return lambda handler: send(handler, 302, Location=location)


def chunked(handler: http.server.BaseHTTPRequestHandler) -> None:
    """LIMIT + 1 bytes in chunks, with no Content-Length: only counting while reading finds out."""
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for _ in range(LIMIT // 1024 + 1):
        handler.wfile.write(b"400\r\n" + b"x" * 1024 + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


def slow(handler: http.server.BaseHTTPRequestHandler) -> None:
    time.sleep(1.0)
    send(handler, 200, b"late")


ROUTES: dict[str, Route] = {
    "/article": article,
    "/echo": echo,
    "/moved": redirect_to("/article"),
    "/loop": redirect_to("/loop"),
    "/to-ftp": redirect_to("ftp://files.example/a.xml"),
    "/to-other-loopback": redirect_to("http://127.0.0.2:8080/article"),
    "/declared-large": lambda h: send(h, 200, b"y" * (LIMIT + 1)),
    "/exactly-limit": lambda h: send(h, 200, b"z" * LIMIT),
    "/chunked": chunked,
    "/bomb": lambda h: send(h, 200, BOMB, Content_Encoding="gzip"),
    "/gzip": lambda h: send(h, 200, gzip.compress(ARTICLE), Content_Encoding="gzip"),
    "/slow": slow,
    "/error": lambda h: send(h, 500, b"oops"),
    "/always-304": lambda h: send(h, 304),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, as real servers do

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        route = ROUTES.get(self.path)
        if route is None:
            send(self, 404)
        else:
            route(self)

    def log_message(self, *args: object) -> None:
        pass


class QuietHTTPServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-response (over the limit, timed out) is what tests provoke."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.paths = []
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def paths(self) -> list[str]:
        return self.httpd.paths

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    client = Fetcher(LOCAL)
    yield client
    client.close()


def test_200_carries_body_media_type_charset_and_validators(server, fetcher):
    fetched = fetcher.get(server.url("/article"))
    assert fetched.status == 200
    assert fetched.url == server.url("/article")
    assert fetched.body == ARTICLE
    assert fetched.content_type == "text/html"
    assert fetched.charset == "iso-8859-1"
    assert fetched.validators == Validators(ETAG, LAST_MODIFIED)


@pytest.mark.parametrize(
    "validators", [Validators(etag=ETAG), Validators(last_modified=LAST_MODIFIED)]
)
def test_matching_validator_gives_304_without_body_keeping_the_validators(
    server, fetcher, validators
):
    fetched = fetcher.get(server.url("/article"), validators)
    assert (fetched.status, fetched.body) == (304, b"")
    assert fetched.validators == validators


def test_stale_validators_get_the_new_body(server, fetcher):
    fetched = fetcher.get(server.url("/article"), Validators('"article-v0"', "Mon, 01 Jan 2024"))
    assert (fetched.status, fetched.body) == (200, ARTICLE)


def test_304_to_an_unconditional_get_is_an_error(server, fetcher):
    """Without validators sent, a 304 gives the caller nothing to keep: not a success."""
    with pytest.raises(HTTPStatusError, match="HTTP status 304"):
        fetcher.get(server.url("/always-304"))


def test_sends_a_newsbeam_user_agent(server, fetcher):
    assert fetcher.get(server.url("/echo")).body.decode().endswith(f"|{USER_AGENT}")
    assert "newsbeam" in USER_AGENT


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example/feed.xml", "gopher://a/", "/relative"]
)
def test_only_http_and_https(fetcher, url):
    with pytest.raises(UnsafeURL, match="is not http or https"):
        fetcher.get(url)


def test_loopback_refused_unless_private_hosts_are_allowed(server):
    with pytest.raises(UnsafeURL, match="non-public address 127.0.0.1"):
        Fetcher(FetchPolicy(min_host_delay=0)).get(server.url("/article"))
    assert server.paths == []  # refused before connecting
    assert Fetcher(LOCAL).get(server.url("/article")).status == 200


def test_connects_to_the_checked_address_and_names_the_host(server, fetcher, monkeypatch):
    """The address that was checked is the one connected to; the Host header keeps the name."""
    real_getaddrinfo = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host, port, *args, **kwargs):
        asked.append(host)
        address = "127.0.0.1" if host == "news.example" else host
        return real_getaddrinfo(address, port, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    body = fetcher.get(server.url("/echo", host="news.example")).body.decode()
    assert body.startswith(f"news.example:{server.port}|")
    assert asked.count("news.example") == 1  # urllib3 was handed the address, not the name


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e"]
)
def test_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "::1",
        "10.1.2.3",  # private
        "172.16.0.1",
        "192.168.1.1",
        "fc00::1",
        "100.64.0.1",  # carrier-grade NAT
        "169.254.169.254",  # link-local: cloud metadata service
        "fe80::1",
        "240.0.0.1",  # reserved
        "224.0.0.1",  # multicast
        "ff02::1",
        "0.0.0.0",  # unspecified
        "::",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
    ],
)
def test_non_public_addresses(address):
    assert not is_public_address(ipaddress.ip_address(address))


def test_redirect_is_followed_relative_to_the_current_url(server, fetcher):
    fetched = fetcher.get(server.url("/moved"))
    assert (fetched.url, fetched.body) == (server.url("/article"), ARTICLE)


def test_redirect_target_is_checked_again(server, monkeypatch):
    """The first hop passes the check (127.0.0.1 counts as public here); the redirect to another
    loopback address must be refused without connecting to it."""
    first_hop = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(fetch, "is_public_address", lambda address: address == first_hop)
    fetcher = Fetcher(FetchPolicy(min_host_delay=0))
    with pytest.raises(UnsafeURL, match="127.0.0.2"):
        fetcher.get(server.url("/to-other-loopback"))
    assert server.paths == ["/to-other-loopback"]


def test_redirect_to_another_scheme_is_refused(server, fetcher):
    with pytest.raises(UnsafeURL, match="'ftp' is not http or https"):
        fetcher.get(server.url("/to-ftp"))


def test_redirect_loop_stops_after_max_redirects(server):
    fetcher = Fetcher(dataclasses.replace(LOCAL, max_redirects=3))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher.get(server.url("/loop"))
    assert server.paths == ["/loop"] * 4


def test_declared_length_over_the_limit(server, fetcher):
    with pytest.raises(TooLarge, match=f"Content-Length {LIMIT + 1} exceeds"):
        fetcher.get(server.url("/declared-large"))


def test_body_of_exactly_the_limit_is_accepted(server, fetcher):
    assert len(fetcher.get(server.url("/exactly-limit")).body) == LIMIT


def test_chunked_body_over_the_limit(server, fetcher):
    with pytest.raises(TooLarge, match="body exceeds the limit"):
        fetcher.get(server.url("/chunked"))


def test_gzip_body_is_decoded(server, fetcher):
    assert fetcher.get(server.url("/gzip")).body == ARTICLE


def test_gzip_bomb_is_not_inflated_past_the_limit(server, fetcher):
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="body exceeds the limit"):
            fetcher.get(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(BOMB) < LIMIT < BOMB_SIZE  # the limit applies to the decoded body
    assert peak < BOMB_SIZE // 4


def test_read_timeout(server):
    fetcher = Fetcher(dataclasses.replace(LOCAL, timeout=0.2))
    started = time.monotonic()
    with pytest.raises(FetchError, match="/slow"):
        fetcher.get(server.url("/slow"))
    assert time.monotonic() - started < 0.9


def test_connection_refused_names_the_url(fetcher):
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/feed.xml"
    with pytest.raises(FetchError, match=f"{url}: cannot connect"):
        fetcher.get(url)


def test_server_error_carries_the_status(server, fetcher):
    with pytest.raises(HTTPStatusError, match="HTTP status 500") as raised:
        fetcher.get(server.url("/error"))
    assert raised.value.status == 500
    with pytest.raises(HTTPStatusError) as raised:
        fetcher.get(server.url("/missing"))
    assert raised.value.status == 404


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_same_host_waits_the_rest_of_the_delay_other_hosts_do_not(server):
    fake = FakeTime()
    policy = dataclasses.replace(LOCAL, min_host_delay=2.0)
    fetcher = Fetcher(policy, clock=fake.clock, sleep=fake.sleep)
    fetcher.get(server.url("/article"))
    fake.now += 0.5
    fetcher.get(server.url("/article"))
    assert fake.slept == [1.5]
    fetcher.get(server.url("/article", host="localhost"))  # another host name: no wait
    fake.now += 5.0
    fetcher.get(server.url("/article"))  # the delay has passed
    assert fake.slept == [1.5]


def test_redirect_to_the_same_host_waits_too(server):
    fake = FakeTime()
    policy = dataclasses.replace(LOCAL, min_host_delay=1.0)
    fetcher = Fetcher(policy, clock=fake.clock, sleep=fake.sleep)
    fetcher.get(server.url("/moved"))
    assert fake.slept == [1.0]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"timeout": 0}, "timeout"),
        ({"max_bytes": 0}, "max_bytes"),
        ({"min_host_delay": -1}, "min_host_delay"),
        ({"max_redirects": -1}, "max_redirects"),
    ],
)
def test_policy_rejects_nonsense(change, message):
    with pytest.raises(ValueError, match=message):
        FetchPolicy(**change)


def self_signed(host: str) -> tuple[bytes, bytes]:
    """(certificate, key) in PEM for `host`, valid now."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
def tls_server(tmp_path, monkeypatch) -> Iterator[Server]:
    """An https server for "localhost" whose certificate the default trust store accepts."""
    cert, key = self_signed("localhost")
    (tmp_path / "cert.pem").write_bytes(cert)
    (tmp_path / "key.pem").write_bytes(key)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    running = Server(tls=context)
    yield running
    running.stop()


def test_https_to_the_checked_address_verifies_the_host_name(tls_server, fetcher):
    url = tls_server.url("/echo", host="localhost", scheme="https")
    assert fetcher.get(url).body.startswith(f"localhost:{tls_server.port}|".encode())
    # The same server by address: the certificate does not name 127.0.0.1.
    with pytest.raises(FetchError, match="127.0.0.1"):
        fetcher.get(tls_server.url("/echo", scheme="https"))
