"""Webhook endpoints: https to a public address only; plain http to loopback only when the
development setting allows it; private, loopback, link-local, shared, multicast and reserved
addresses refused, literal or resolved (SSRF)."""

import pytest

from reporting.service_layer.webhook_endpoints import RefusedEndpoint, check_endpoint

PUBLIC = "https://93.184.216.34/hooks/diaspora"


async def test_https_to_a_public_address_is_accepted() -> None:
    await check_endpoint(PUBLIC, allow_loopback=False)
    await check_endpoint("https://[2606:4700:4700::1111]:8443/hook", allow_loopback=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/hook",
        "https://172.16.0.9/hook",
        "https://192.168.1.1/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://240.0.0.1/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
    ],
)
async def test_private_and_reserved_addresses_are_refused(url: str) -> None:
    with pytest.raises(RefusedEndpoint, match="private or reserved"):
        await check_endpoint(url, allow_loopback=False)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://93.184.216.34/hook", "must use https"),
        ("ftp://93.184.216.34/hook", "https URL with a host"),
        ("https:///no-host", "https URL with a host"),
        ("not-a-url", "https URL with a host"),
        ("https://user:pw@93.184.216.34/hook", "credentials"),
        ("https://93.184.216.34:notaport/hook", "malformed"),
        ("https://93.184.216.34:0/hook", "malformed"),
        ("https://93.184.216.34/a b", "malformed"),
        ("https://93.184.216.34/\r\nX-Injected: 1", "malformed"),
        ("https://[::1/hook", "malformed"),
        ("https://partner.invalid/hook", "does not resolve"),
        ("https://93.184.216.34/" + "a" * 2000, "too long"),
    ],
)
async def test_malformed_or_plain_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(RefusedEndpoint, match=reason):
        await check_endpoint(url, allow_loopback=False)


async def test_the_development_setting_allows_plain_http_to_loopback_only() -> None:
    await check_endpoint("http://127.0.0.1:8123/hook", allow_loopback=True)
    await check_endpoint("http://localhost:8123/hook", allow_loopback=True)
    for url in ("http://10.0.0.1/hook", "https://192.168.0.1/hook", "http://93.184.216.34/h"):
        with pytest.raises(RefusedEndpoint):
            await check_endpoint(url, allow_loopback=True)


async def test_loopback_is_refused_without_the_setting() -> None:
    with pytest.raises(RefusedEndpoint, match="must use https"):
        await check_endpoint("http://127.0.0.1:8123/hook", allow_loopback=False)
