"""The ASGI layer in front of the app: Host allow-list, ingest token, body cap, HEAD, security headers.

It runs before routing and before any body is read, so a request from a DNS-rebinding page
(a foreign Host header), an ingest without the token, or an oversized body is refused without
parsing anything.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.server.errors import error_response

INGEST_PREFIX = "/api/ingest"
# Names that reach this machine only: a page elsewhere cannot make a browser send them as Host.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
DEFAULT_MAX_BODY = 8 * 1024 * 1024
# The page loads nothing from elsewhere and inserts data as text, never as HTML; the
# policy makes any injected markup inert as a second line of defence.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def is_loopback(host: str) -> bool:
    """True for addresses and names that only this machine can reach."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host part of a Host header: ``[::1]:8000`` -> ``::1``, ``Example.org:80`` -> ``example.org``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """The localhost names plus ``extra`` (``*`` allows any Host, for a server behind a proxy that checks it)."""
    return frozenset([*LOCAL_HOSTS, *(host_name(h) if h != "*" else "*" for h in extra if h)])


def token_ok(header: str | None, token: str) -> bool:
    if not header or not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip().encode("utf-8"), token.encode("utf-8"))


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        hosts: frozenset[str],
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        self.app, self.token, self.hosts, self.max_body = app, token, hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        send = _with_security_headers(send)
        if "*" not in self.hosts and host_name(headers.get("host", "")) not in self.hosts:
            # A DNS-rebinding page reaches us under its own name: refuse it before anything runs.
            await self._refuse(scope, receive, send, 400, "host_not_allowed", _host_message(headers.get("host")))
            return
        if _is_ingest_route(scope["path"], scope["method"]):
            refusal = self._check_ingest(headers)
            if refusal is not None:
                await self._refuse(scope, receive, send, *refusal)
                return
            if scope["method"] == "POST":
                body = await self._read_capped(receive)
                if body is None:
                    await self._refuse(scope, receive, send, *self._too_large())
                    return
                receive = _replay(body, receive)
        if scope["method"] == "HEAD":
            # HEAD answers what GET would, without the body.
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, receive, send)

    def _check_ingest(self, headers: dict[str, str]) -> tuple[int, str, str, dict[str, str] | None] | None:
        if self.token is None:
            return (
                403,
                "ingest_disabled",
                "ingest is disabled: start the server with --ingest-token or EVENTWIRE_INGEST_TOKEN",
                None,
            )
        if not token_ok(headers.get("authorization"), self.token):
            return 401, "unauthorized", "missing or wrong bearer token", {"WWW-Authenticate": "Bearer"}
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return self._too_large()
        return None

    def _too_large(self) -> tuple[int, str, str, None]:
        return 413, "too_large", f"the body is larger than {self.max_body} bytes, the server's limit", None

    async def _read_capped(self, receive: Receive) -> bytes | None:
        """The body, read as it arrives (a chunked body has no Content-Length); None past the cap."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str, headers: Any = None
    ) -> None:
        await error_response(status, code, message, headers)(scope, receive, send)


def _is_ingest_route(path: str, method: str) -> bool:
    """POST /api/ingest and GET /api/ingest/{job}; other methods fall through to a 405."""
    if path == INGEST_PREFIX:
        return method == "POST"
    return path.startswith(INGEST_PREFIX + "/") and method in ("GET", "HEAD")


def _host_message(host: str | None) -> str:
    return (
        f"the Host header {host!r} is not one this server answers to; start it with --allowed-host NAME "
        "to serve that name"
    )


def _replay(body: bytes, receive_next: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await receive_next()  # after the body: the client's disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


def _without_body(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return wrapped
