"""Which requests to believe: the app's own origin and host, allowed origins, the client's address behind a proxy.

Cookies ignore ports, so a page served from another port of the same host carries the signed-in cookie:
only the Origin tells it apart. A name rebound to this machine's address (DNS rebinding) is same-origin
with the Host it sends, so the Host is checked too: loopback names, IP literals and the hosts of
`ELICIT_ALLOWED_ORIGINS` only.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import Scope

from elicit.adapters.config import get_settings

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _host_port(netloc: str, scheme: str) -> tuple[str, int | None] | None:
    """(hostname, port) of `host[:port]`, the scheme's default port filled in; None when malformed."""
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.username is not None or parts.path:
        return None
    return parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS.get(scheme)


def _origin(url: str) -> tuple[str, str, int | None] | None:
    parts = urlsplit(url.strip().rstrip("/"))
    found = _host_port(parts.netloc, parts.scheme) if parts.scheme in DEFAULT_PORTS else None
    return (parts.scheme, *found) if found else None


def allowed_origins() -> set[tuple[str, str, int | None]]:
    return {found for found in map(_origin, get_settings().allowed_origins) if found}


def origin_listed(origin: str) -> bool:
    """Whether an origin is one of ELICIT_ALLOWED_ORIGINS."""
    found = _origin(origin)
    return found is not None and found in allowed_origins()


def host_allowed(host: str | None) -> bool:
    """Whether the Host header names this machine as its people reach it (see the module's docstring)."""
    found = _host_port(host or "", "http")
    if found is None:
        return False
    name = found[0].strip("[]")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name in {origin[1] for origin in allowed_origins()}


def origin_allowed(origin: str | None, scope: Scope) -> bool:
    """Whether a browser's Origin (or None, from a program) may talk to the app: its own origin or a listed one."""
    if origin is None:
        return True
    found = _origin(origin)
    if found is None:
        return False
    if origin_listed(origin):
        return True
    host = Headers(scope=scope).get("host")
    scheme = "https" if is_https(scope) else "http"
    own = _host_port(host or "", scheme)
    # scheme, host and port: https://127.0.0.1:PORT is another origin than the http:// the app serves
    return own is not None and host_allowed(host) and found == (scheme, *own)


def _trusted_peer(scope: Scope) -> bool:
    client = scope.get("client")
    return bool(client) and client[0] in get_settings().trusted_proxies


def client_address(scope: Scope) -> str:
    """The client's address: the peer's, or behind a trusted proxy the last untrusted one it forwarded."""
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not _trusted_peer(scope):
        return peer
    forwarded = [part.strip() for part in ",".join(Headers(scope=scope).getlist("x-forwarded-for")).split(",")]
    untrusted = [address for address in forwarded if address and address not in get_settings().trusted_proxies]
    return untrusted[-1] if untrusted else peer


def is_https(scope: Scope) -> bool:
    """Whether the browser speaks HTTPS to us: directly, or as a trusted proxy's X-Forwarded-Proto says."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    proto = Headers(scope=scope).get("x-forwarded-proto", "")
    return _trusted_peer(scope) and proto.split(",")[0].strip().lower() == "https"


def secure_cookies(scope: Scope) -> bool:
    """Cookies carry the Secure flag when set to, or when the browser speaks HTTPS."""
    return get_settings().secure_cookies or is_https(scope)
