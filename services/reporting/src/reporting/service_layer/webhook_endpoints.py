"""Which endpoint URLs the bridge may call: HTTPS to a public address, nothing else.

A partner's URL is checked at registration and again before every delivery, since a name may
later resolve elsewhere: an address in a private, loopback, link-local, shared, multicast or
reserved range would let a registered webhook reach the platform's own network (SSRF).
Development and tests may allow plain HTTP to loopback, and only to loopback.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2000

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedEndpoint(ValueError):
    """The URL may not receive deliveries; the message says why (no address is echoed)."""


async def check_endpoint(url: str, *, allow_loopback: bool) -> None:
    """Raise `RefusedEndpoint` unless `url` may receive deliveries."""
    parts = _parts(url)
    addresses = await _resolved(parts.hostname or "", parts.port)
    loopback_only = all(address.is_loopback for address in addresses)
    if allow_loopback and loopback_only:
        return
    if parts.scheme != "https":
        raise RefusedEndpoint("the endpoint must use https")
    if any(not _is_public(address) for address in addresses):
        raise RefusedEndpoint("the endpoint resolves to a private or reserved address")


def _parts(url: str) -> SplitResult:
    if len(url) > MAX_URL_LENGTH:
        raise RefusedEndpoint("the endpoint URL is too long")
    if not url.isprintable() or any(character.isspace() for character in url):
        raise RefusedEndpoint("the endpoint URL is malformed")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedEndpoint("the endpoint URL is malformed") from error
    if port == 0:
        raise RefusedEndpoint("the endpoint URL is malformed")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise RefusedEndpoint("the endpoint must be an https URL with a host")
    if parts.username is not None or parts.password is not None:
        raise RefusedEndpoint("the endpoint URL must not carry credentials")
    return parts


async def _resolved(host: str, port: int | None) -> list[IpAddress]:
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port or 443, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError) as error:
        raise RefusedEndpoint("the endpoint's host name does not resolve") from error
    addresses = [_literal(str(info[4][0])) for info in infos]
    known = [address for address in addresses if address is not None]
    if not known:
        raise RefusedEndpoint("the endpoint's host name does not resolve")
    return known


def _literal(host: str) -> IpAddress | None:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_public(address: IpAddress) -> bool:
    return address.is_global and not (address.is_multicast or address.is_reserved)
