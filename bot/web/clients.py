"""Who sent a request, for the limits on logins and chat messages.

Behind a TLS proxy every request comes from the proxy's address. Set
OMBUDSGUIDEN_TRUSTED_PROXY=true only when such a proxy is the sole way in and sets
X-Forwarded-For: the limits then count the last address in that header, the one the proxy
added. Without the setting the header is ignored, since anyone can send it.
"""
from __future__ import annotations

import ipaddress

from aiohttp import web

from storage.settings import flag

TRUSTED_PROXY = web.AppKey("trusted_proxy", bool)
UNKNOWN = "okänd"
# One IPv6 subscriber usually gets a whole /64: counted per address, they would have 2**64 of them.
IPV6_SUBSCRIBER_PREFIX = 64


def setup_clients(app: web.Application) -> None:
    app[TRUSTED_PROXY] = flag("OMBUDSGUIDEN_TRUSTED_PROXY", default=False)


def client_address(request: web.Request) -> str:
    """The client's address: the proxy's X-Forwarded-For hop when the proxy is trusted."""
    if request.app.get(TRUSTED_PROXY, False):
        hops = [hop.strip() for value in request.headers.getall("X-Forwarded-For", []) for hop in value.split(",")]
        if hops and hops[-1]:
            return hops[-1]
    return request.remote or UNKNOWN


def limit_key(address: str) -> str:
    """The key a client's requests are counted under: the address, or its /64 network for IPv6."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_SUBSCRIBER_PREFIX}", strict=False))
    return str(parsed)
