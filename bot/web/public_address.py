"""The address people reach Ombudsguiden at: OMBUDSGUIDEN_PUBLIC_URL, and never a request's Host header.

A share link or QR code printed on a card must point at the real service. The Host header is
whatever the client sent: behind a proxy it is an internal name, and a forged one would print a
card that sends people in need to someone else's site. Without the setting there is no link.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

PUBLIC_URL_VARIABLE = "OMBUDSGUIDEN_PUBLIC_URL"


class PublicAddressMissing(LookupError):
    """OMBUDSGUIDEN_PUBLIC_URL is not set, or is not an http(s) address with a host."""


def public_url() -> str:
    """The configured address without a trailing slash, e.g. https://ombudsguiden.example.se."""
    configured = os.environ.get(PUBLIC_URL_VARIABLE, "").strip().rstrip("/")
    parts = urlsplit(configured)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise PublicAddressMissing(configured)
    return configured


def served_over_https() -> bool:
    """Whether people reach the service over https, as the configured public address says."""
    try:
        return public_url().startswith("https://")
    except PublicAddressMissing:
        return False
