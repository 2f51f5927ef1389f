"""URL safety: which origins may be requested, and URLs that urlsplit and urllib3 read alike.

Every URL the client requests, every redirect hop and every search link passes `safe_url`.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache

from urllib3.exceptions import LocationParseError
from urllib3.util import Url, parse_url

from foundation.errors import FetchError

DEFAULT_PORTS = {"http": 80, "https": 443}
# Enough rounds to undo any nesting a server might decode (%252e -> %2e -> .), and then some.
_UNQUOTE_ROUNDS = 8


@dataclass(frozen=True)
class Origin:
    """Where a request goes: scheme, host and port, the three an allow-list must pin."""

    scheme: str
    host: str
    port: int


def is_loopback_host(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (brackets allowed)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _unquote_fully(text: str) -> str:
    for _ in range(_UNQUOTE_ROUNDS):
        decoded = urllib.parse.unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def _check_reference(url: str, base_path: str | None) -> None:
    """Characters and dot segments, checked on the URL as written, before anything resolves it."""
    def refuse(problem: str) -> FetchError:
        return FetchError(problem, base_path=base_path, url=url)

    if not url.isascii():
        raise refuse("URL is not ASCII")
    if "\\" in url:
        # urlsplit and urllib3 disagree about where the host ends at a backslash (issue 9, D1).
        raise refuse("URL contains a backslash")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise refuse("URL contains a control character or space")
    try:
        path = urllib.parse.urlsplit(url).path
    except ValueError as err:
        raise refuse(f"URL has an invalid port or address: {err}") from err
    decoded = _unquote_fully(path)
    if "\\" in decoded:
        raise refuse("URL path contains an encoded backslash")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
        raise refuse("URL path contains an encoded control character")
    # Servers and proxies resolve dot segments, raw or percent-encoded, so one could climb out
    # of /api/content (issue 9, D14); GOV.UK paths never need them.
    if any(segment in (".", "..") for segment in decoded.split("/")):
        raise refuse("URL path contains a dot segment")


def _parse_checked(url: str, base_path: str | None = None) -> tuple[Origin, str, str | None]:
    """Origin, path and query of an absolute URL, refused unless urlsplit and urllib3 read it alike."""
    def refuse(problem: str) -> FetchError:
        return FetchError(problem, base_path=base_path, url=url)

    _check_reference(url, base_path)
    try:
        ours = urllib.parse.urlsplit(url)
        our_port = ours.port
        theirs = parse_url(url)
    except (ValueError, LocationParseError) as err:
        raise refuse(f"URL has an invalid port or address: {err}") from err
    scheme = (ours.scheme or "").lower()
    if scheme not in DEFAULT_PORTS or (theirs.scheme or "").lower() != scheme:
        raise refuse(f"scheme {scheme or '(none)'} is not allowed")
    if "@" in ours.netloc or theirs.auth is not None:
        raise refuse("URL carries user information (user@host)")
    host = (ours.hostname or "").lower()
    their_host = (theirs.host or "").lower().removeprefix("[").removesuffix("]")
    if not host:
        raise refuse("URL has no host")
    port = our_port if our_port is not None else DEFAULT_PORTS[scheme]
    their_port = theirs.port if theirs.port is not None else DEFAULT_PORTS[scheme]
    path = theirs.path or "/"
    # The request goes where urllib3 says; refuse anything our own reading does not match.
    if (host, port) != (their_host, their_port) or _unquote_fully(ours.path or "/") != _unquote_fully(path):
        raise refuse("URL is read differently by urlsplit and urllib3")
    return Origin(scheme, host, port), path, theirs.query


def allowed_origins(base_url: str, allowed_hosts: tuple[str, ...] | list[str] = ()) -> frozenset[Origin]:
    """The base URL's own origin, plus https on the default port for each allowed host."""
    origin, path, query = _parse_checked(base_url)
    if path != "/" or query is not None:
        raise FetchError("base_url must be scheme://host[:port] with no path or query", url=base_url)
    return frozenset({origin} | {Origin("https", h.lower(), DEFAULT_PORTS["https"]) for h in allowed_hosts})


def safe_url(url: str, origins: frozenset[Origin], *, base: str | None = None, prefix: str | None = None,
             base_path: str | None = None) -> str:
    """The URL urllib3 will request, if it is on an allowed origin (and under prefix); FetchError if not."""
    try:
        return _accepted(url, origins, base, prefix)
    except FetchError:
        return _checked(url, origins, base=base, prefix=prefix, base_path=base_path)  # the error, naming the page


@lru_cache(maxsize=8192)
def _accepted(url: str, origins: frozenset[Origin], base: str | None, prefix: str | None) -> str:
    # A run checks each page's URL three times (search hit, fetch, request) and the check is pure:
    # accepted URLs are remembered (a 3,000-page first run: ~1 s of CPU); refusals are never cached.
    return _checked(url, origins, base=base, prefix=prefix, base_path=None)


def _checked(url: str, origins: frozenset[Origin], *, base: str | None, prefix: str | None,
             base_path: str | None) -> str:
    _check_reference(url, base_path)  # before urljoin, which would quietly resolve dot segments
    absolute = urllib.parse.urljoin(base, url) if base else url
    origin, path, query = _parse_checked(absolute, base_path)

    def refuse(problem: str) -> FetchError:
        return FetchError(problem, base_path=base_path, url=url)

    if origin not in origins:
        if origin.host not in {o.host for o in origins}:
            raise refuse(f"host {origin.host} is not on the allow-list")
        if origin.scheme not in {o.scheme for o in origins if o.host == origin.host}:
            raise refuse(f"scheme {origin.scheme} is not allowed for {origin.host}")
        raise refuse(f"port {origin.port} is not allowed for {origin.host}")
    if prefix is not None and not path.startswith(prefix):
        raise refuse(f"URL path is outside {prefix}")
    port = None if origin.port == DEFAULT_PORTS[origin.scheme] else origin.port
    checked = Url(origin.scheme, host=parse_url(absolute).host, port=port, path=path, query=query).url
    if _parse_checked(checked, base_path)[0] != origin:
        raise refuse("URL does not survive being rebuilt")
    return checked
