"""HTTP GET for feed polling and article pages, safe to point at URLs taken from the internet.

Feeds name URLs that anyone can write, so a fetch must not become a way into the network it runs
in (SSRF), nor exhaust a worker: only http/https; every address a host resolves to must be public
unless the policy allows private hosts, checked again on every redirect hop; the connection goes
to the very address that was checked (no second DNS lookup that a rebinding attacker could
answer differently; TLS still verifies the certificate against the host name); the body, after
gzip/deflate decoding, is held to `max_bytes`; each host gets at most one request per
`min_host_delay`. Conditional GET (ETag, Last-Modified) lets a poller skip unchanged feeds.

Known gaps: `timeout` bounds each connect and each socket read, not the whole response, so a
server that trickles bytes can hold a fetch for long; the DNS lookup itself has no timeout
beyond the system resolver's.
"""

from __future__ import annotations

import dataclasses
import email.message
import ipaddress
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterator

import urllib3

from transforms.formats.common import DEFAULT_MAX_ITEM_BYTES

__all__ = [
    "FetchError",
    "FetchPolicy",
    "Fetched",
    "Fetcher",
    "HTTPStatusError",
    "TooLarge",
    "UnsafeURL",
    "USER_AGENT",
    "Validators",
    "host_key",
    "is_public_address",
]

USER_AGENT = "newsbeam/0.1 (news ingestion; feed poller)"
_SCHEMES = {"http": 80, "https": 443}
_REDIRECTS = {301, 302, 303, 307, 308}
_NOT_MODIFIED = 304
_CHUNK = 64 * 1024


@dataclasses.dataclass(frozen=True)
class FetchPolicy:
    """How far a Fetcher trusts the network; the defaults suit fetching from the public web."""

    timeout: float = 10.0
    max_bytes: int = DEFAULT_MAX_ITEM_BYTES
    min_host_delay: float = 1.0
    allow_private_hosts: bool = False
    max_redirects: int = 5

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError(f"timeout must be positive, got {self.timeout}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be at least 1, got {self.max_bytes}")
        if not self.min_host_delay >= 0:
            raise ValueError(f"min_host_delay must not be negative, got {self.min_host_delay}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must not be negative, got {self.max_redirects}")


@dataclasses.dataclass(frozen=True)
class Validators:
    """What a server said identifies its response, sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None


@dataclasses.dataclass(frozen=True)
class Fetched:
    """A successful response: status 2xx with its body, or 304 with an empty body."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    validators: Validators


class FetchError(Exception):
    """Any failure to fetch a URL; the message names the URL."""


class UnsafeURL(FetchError):
    """The URL, or a redirect target, is not http/https or leads to a non-public address."""


class TooLarge(FetchError):
    """The body (after content decoding) is larger than the policy's max_bytes."""


class HTTPStatusError(FetchError):
    """The final response was neither 2xx nor 304."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(f"{url}: HTTP status {status}")
        self.status = status


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `address` is on the public internet: not loopback, private, link-local, reserved,
    multicast or unspecified. An IPv4-mapped IPv6 address is judged by its IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


@dataclasses.dataclass(frozen=True)
class _Target:
    """One hop's URL taken apart: what to connect to and what to ask for."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, without brackets
    port: int
    path: str  # path and query, as sent in the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _SCHEMES[self.scheme] else f"{host}:{self.port}"


class Fetcher:
    """Fetches URLs under one FetchPolicy, remembering when it last asked each host.

    Not thread-safe: use one per thread (e.g. one per DoFn instance, made in `setup`).
    `clock` and `sleep` are injectable so the per-host delay can be tested without waiting.
    """

    def __init__(
        self,
        policy: FetchPolicy = FetchPolicy(),
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._timeout = urllib3.Timeout(connect=policy.timeout, read=policy.timeout)
        # Keyed by the checked address and the host name, so a connection is reused only for
        # the address it was made to; urllib3 keeps the most recently used pools.
        self._pools = urllib3.PoolManager(num_pools=16)

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """GET `url`, following up to max_redirects redirects; raises a FetchError subclass on
        anything but a 2xx response or, when `validators` are given and match, a 304."""
        target = _target(url)
        for _ in range(self._policy.max_redirects + 1):
            response = self._request(target, validators)
            location = response.headers.get("Location")
            if response.status not in _REDIRECTS or location is None:
                return self._result(target.url, response, validators)
            response.close()
            target = _target(urllib.parse.urljoin(target.url, location))
        raise FetchError(f"{url}: more than {self._policy.max_redirects} redirects")

    def close(self) -> None:
        """Close the kept-alive connections."""
        self._pools.clear()

    def _request(
        self, target: _Target, validators: Validators | None
    ) -> urllib3.BaseHTTPResponse:
        addresses = self._addresses(target)
        headers = {
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
        }
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        self._wait_turn(f"{target.host}:{target.port}")  # as host_key(url)
        failure: Exception | None = None
        for address in addresses:  # in resolver order, the next one when one cannot be reached
            pool = self._pools.connection_from_host(
                str(address),
                target.port,
                target.scheme,
                pool_kwargs=_tls_name(target),
            )
            try:
                return pool.urlopen(
                    "GET",
                    target.path,
                    headers=headers,
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    timeout=self._timeout,
                )
            except urllib3.exceptions.ConnectTimeoutError as err:  # also connection refused
                failure = err
            except urllib3.exceptions.HTTPError as err:
                raise FetchError(f"{target.url}: {_reason(err)}") from err
        raise FetchError(f"{target.url}: cannot connect: {_reason(failure)}") from failure

    def _addresses(self, target: _Target) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        """The host's addresses, every one of them public unless private hosts are allowed: a
        host with one private address among public ones could be steered to it."""
        try:
            infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as err:
            raise FetchError(f"{target.url}: cannot resolve host {target.host!r}: {err}") from err
        # The scope of a link-local IPv6 address (%eth0) does not matter: it is refused or,
        # with private hosts allowed, dropped along with the scope.
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)
        )
        if not self._policy.allow_private_hosts:
            for address in addresses:
                if not is_public_address(address):
                    raise UnsafeURL(
                        f"{target.url}: host {target.host!r} resolves to non-public address "
                        f"{address} (private hosts are not allowed)"
                    )
        return addresses

    def _wait_turn(self, host_key: str) -> None:
        """Sleep until `min_host_delay` has passed since the last request to this host."""
        last = self._last_request.get(host_key)
        if last is not None:
            remaining = self._policy.min_host_delay - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host_key] = self._clock()

    def _result(
        self, url: str, response: urllib3.BaseHTTPResponse, validators: Validators | None
    ) -> Fetched:
        try:
            if response.status == _NOT_MODIFIED and validators is not None:
                return Fetched(url, response.status, b"", None, None, validators)
            if not 200 <= response.status < 300:
                raise HTTPStatusError(url, response.status)
            body = self._body(url, response)
        finally:
            response.close()
        content_type, charset = _media_type(response.headers.get("Content-Type"))
        sent = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Fetched(url, response.status, body, content_type, charset, sent)

    def _body(self, url: str, response: urllib3.BaseHTTPResponse) -> bytes:
        """The decoded body, reading at most one byte past max_bytes: urllib3 (>= 2.7) inflates
        only as much as each read asks for, so a gzip bomb is never inflated further."""
        limit = self._policy.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"{url}: Content-Length {declared} exceeds the limit of {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in _chunks(response, limit + 1):
                chunks.append(chunk)
                size += len(chunk)
        except urllib3.exceptions.HTTPError as err:
            raise FetchError(f"{url}: reading the body failed: {_reason(err)}") from err
        if size > limit:
            raise TooLarge(f"{url}: body exceeds the limit of {limit} bytes")
        return b"".join(chunks)


def _chunks(response: urllib3.BaseHTTPResponse, wanted: int) -> Iterator[bytes]:
    """Decoded chunks of the body until it ends or `wanted` bytes have been read."""
    while wanted > 0 and (chunk := response.read(min(_CHUNK, wanted), decode_content=True)):
        wanted -= len(chunk)
        yield chunk


def host_key(url: str) -> str:
    """`host:port` of `url`, what the per-host delay counts requests by (the URL itself when it
    has no valid host: its fetch will fail anyway)."""
    try:
        target = _target(url)
    except UnsafeURL:
        return url
    return f"{target.host}:{target.port}"


def _target(url: str) -> _Target:
    """`url` taken apart, or UnsafeURL when it is not an absolute http(s) URL."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise UnsafeURL(f"{url}: not a valid URL: {err}") from err
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise UnsafeURL(f"{url}: scheme {scheme or '(none)'!r} is not http or https")
    if not parts.hostname:
        raise UnsafeURL(f"{url}: no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as err:
        raise UnsafeURL(f"{url}: invalid host name: {err}") from err
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(url, scheme, host, port or _SCHEMES[scheme], path)


def _tls_name(target: _Target) -> dict[str, str] | None:
    """For https to a checked address: the name to send in SNI and to verify the certificate
    against, since the connection itself is made to an IP address."""
    if target.scheme != "https":
        return None
    return {"server_hostname": target.host, "assert_hostname": target.host}


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type in lower case, charset) of a Content-Type header."""
    if not header:
        return None, None
    message = email.message.Message()
    message["Content-Type"] = header
    return message.get_content_type(), message.get_content_charset()


def _reason(err: BaseException | None) -> str:
    """The root cause of a urllib3 error, which wraps the socket error in its `reason`."""
    reason = getattr(err, "reason", None) or err
    return f"{type(reason).__name__}: {reason}"
