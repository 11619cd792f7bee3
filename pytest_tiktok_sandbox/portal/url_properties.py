"""URL properties: the domains and URL prefixes an app verified, where ``PULL_FROM_URL`` may
fetch media from (and, since app review checks them, the URLs an app's details name)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from .errors import InvalidURLProperty


def parse_url_property(value: str) -> str:
    """A verified domain (``example.com``, covering its subdomains) or URL prefix
    (``https://example.com/media/``), normalised; :class:`InvalidURLProperty` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidURLProperty(f"got {value!r}")
    value = value.strip()
    if "://" in value:
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or not value.endswith("/") or parts.query or parts.fragment:
            raise InvalidURLProperty(f"a URL prefix looks like https://example.com/media/, got {value!r}")
        host = parts.hostname
    else:
        host = value.lower().rstrip(".")
        if "/" in host or "." not in host or " " in host:
            raise InvalidURLProperty(f"a domain looks like example.com, got {value!r}")
        value = host
    if _is_ip(host):
        raise InvalidURLProperty(f"{value!r} is an IP address")
    return value


def url_is_verified(url: str, properties: Iterable[str]) -> bool:
    """Whether ``url`` is an https URL under one of the verified ``properties``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or _is_ip(host):
        return False
    for prop in properties:
        if "://" in prop:
            if url.startswith(prop):
                return True
        elif host == prop or host.endswith("." + prop):
            return True
    return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
