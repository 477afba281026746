"""The gateway's HTTP client to its upstreams: timeouts on every call, load shedding when an
upstream's connections are all busy, and no reuse of a connection an upstream may be closing."""

from dataclasses import dataclass
from typing import Any, Final

import httpx

from .problems import GatewayProblem
from .settings import GatewaySettings

# Request headers that carry meaning for the service; identity travels only in the assertion.
FORWARDED_REQUEST_HEADERS: Final = (
    "content-type",
    "accept",
    "accept-language",
    "idempotency-key",
    "if-match",
    "if-none-match",
)
RETURNED_RESPONSE_HEADERS: Final = (
    "content-type",
    "content-disposition",
    "location",
    "etag",
    "retry-after",
    "cache-control",
    "content-language",
    "idempotent-replayed",
)
# File downloads (reports' exports) pass through as they are: their bodies are not JSON.
FILE_MEDIA_TYPES: Final = frozenset(
    {
        "application/pdf",
        "text/csv",
        "application/xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
_IDEMPOTENT: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class UpstreamAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


class UpstreamClient:
    def __init__(
        self, settings: GatewaySettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.base_urls = {u.name: u.url.rstrip("/") for u in settings.upstreams}
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(
                settings.upstream_timeout_seconds, pool=settings.upstream_queue_seconds
            ),
            limits=httpx.Limits(max_connections=settings.upstream_max_connections),
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def openapi(self, name: str) -> dict[str, Any]:
        response = await self.client.get(f"{self.base_urls[name]}/openapi.json")
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document

    async def ready(self, name: str) -> None:
        response = await self.client.get(f"{self.base_urls[name]}/health/ready")
        response.raise_for_status()

    async def forward(
        self,
        name: str,
        method: str,
        path_and_query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> UpstreamAnswer:
        url = f"{self.base_urls[name]}{path_and_query}"
        request = self.client.build_request(method, url, headers=headers, content=body)
        response = await self._send(request, retry=method in _IDEMPOTENT)
        return _checked(response)

    async def _send(self, request: httpx.Request, *, retry: bool) -> httpx.Response:
        try:
            response = await self.client.send(request)
        except httpx.RemoteProtocolError:
            # The upstream closed a kept-alive connection just as it was reused: the request
            # never reached it, and an idempotent one may safely go again on a new connection.
            if not retry:
                raise _unavailable() from None
            return await self._send(request, retry=False)
        except httpx.PoolTimeout as error:
            raise GatewayProblem(
                503, "upstream.busy", "the service is busy; try again shortly", {"Retry-After": "1"}
            ) from error
        except httpx.TimeoutException as error:
            raise GatewayProblem(
                504, "upstream.timeout", "the service did not answer in time"
            ) from error
        except httpx.HTTPError as error:
            raise _unavailable() from error
        if response.status_code >= 500:
            await _discard_connection(response)
        return response


async def _discard_connection(response: httpx.Response) -> None:
    """A service that failed may close its side right after answering; closing ours means the
    pool never hands that connection to the next request."""
    stream = response.extensions.get("network_stream")
    if stream is not None:
        await stream.aclose()


def _unavailable() -> GatewayProblem:
    return GatewayProblem(503, "upstream.unavailable", "the service is unavailable; try again")


def _checked(response: httpx.Response) -> UpstreamAnswer:
    """Only JSON, a file download of a known media type, or an empty body goes back to the
    client; anything else is the upstream's fault and answers 502."""
    if response.content and not (_is_json(response) or _is_file(response)):
        raise GatewayProblem(502, "upstream.bad_answer", "the service gave an unusable answer")
    headers = {k: v for k in RETURNED_RESPONSE_HEADERS if (v := response.headers.get(k))}
    return UpstreamAnswer(response.status_code, headers, response.content)


def _media_type(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


def _is_file(response: httpx.Response) -> bool:
    return response.is_success and _media_type(response) in FILE_MEDIA_TYPES


def _is_json(response: httpx.Response) -> bool:
    """Labelled JSON and shaped like a JSON document. The body is not parsed: the gateway only
    forwards it, and parsing every report it passes on was a good part of its time; what this
    catches is an HTML or text page that an intermediary put where a service's answer belongs."""
    media_type = _media_type(response)
    if media_type != "application/json" and not media_type.endswith("+json"):
        return False
    start = response.content.lstrip()[:1]
    return start in _JSON_STARTS


# The first byte of any JSON document: object, array, string, true, false, null or a number.
_JSON_STARTS: Final = frozenset(bytes([first]) for first in b'{["tfn-0123456789')
