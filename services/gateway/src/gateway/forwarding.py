"""The gateway's HTTP client to its upstreams: timeouts on every call, load shedding when an
upstream's connections are all busy, and no reuse of a connection an upstream may be closing.

aiohttp's client, with its C parser and a plain connection pool: under load the gateway spent
over half its time in the previous client's pool bookkeeping and stream layers (about 3 ms of CPU
per 18 kB report against 0.3 ms here; see BENCHMARKS.md, "Report reads and the gateway")."""

from dataclasses import dataclass
from typing import Any, Final

import aiohttp
from yarl import URL

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
    def __init__(self, settings: GatewaySettings) -> None:
        self.base_urls = {u.name: u.url.rstrip("/") for u in settings.upstreams}
        self._settings = settings
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """Made on first use, inside the running event loop it belongs to."""
        if self._session is None:
            settings = self._settings
            self._session = aiohttp.ClientSession(
                # Bounded per upstream, so a slow service cannot take the others' connections.
                connector=aiohttp.TCPConnector(
                    limit=0, limit_per_host=settings.upstream_max_connections
                ),
                # `connect` covers the wait for a free pooled connection: past it, the
                # upstream is busy and the request is shed with 503 instead of queueing on.
                timeout=aiohttp.ClientTimeout(
                    total=settings.upstream_timeout_seconds,
                    connect=settings.upstream_queue_seconds,
                    sock_connect=settings.upstream_timeout_seconds,
                ),
                # Identity bodies: the gateway passes them on as they came, with no encoding.
                skip_auto_headers=("User-Agent", "Accept-Encoding"),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def openapi(self, name: str) -> dict[str, Any]:
        async with self.session.get(f"{self.base_urls[name]}/openapi.json") as response:
            response.raise_for_status()
            document: dict[str, Any] = await response.json(content_type=None)
        return document

    async def ready(self, name: str) -> None:
        async with self.session.get(f"{self.base_urls[name]}/health/ready") as response:
            response.raise_for_status()

    async def forward(
        self,
        name: str,
        method: str,
        path_and_query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> UpstreamAnswer:
        # The path and query are forwarded exactly as the client encoded them.
        url = URL(f"{self.base_urls[name]}{path_and_query}", encoded=True)
        return await self._send(method, url, headers, body, retry=method in _IDEMPOTENT)

    async def _send(
        self, method: str, url: URL, headers: dict[str, str], body: bytes, *, retry: bool
    ) -> UpstreamAnswer:
        try:
            async with self.session.request(
                method, url, headers=headers, data=body or None, allow_redirects=False
            ) as response:
                if response.status >= 500:
                    _discard_connection(response)
                content = await response.read()
                return _checked(response.status, response.headers, content)
        except aiohttp.ServerDisconnectedError:
            # The upstream closed a kept-alive connection just as it was reused: the request
            # never reached it, and an idempotent one may safely go again on a new connection.
            if not retry:
                raise _unavailable() from None
            return await self._send(method, url, headers, body, retry=False)
        except aiohttp.ConnectionTimeoutError as error:
            raise GatewayProblem(
                503, "upstream.busy", "the service is busy; try again shortly", {"Retry-After": "1"}
            ) from error
        except TimeoutError as error:
            raise GatewayProblem(
                504, "upstream.timeout", "the service did not answer in time"
            ) from error
        except aiohttp.ClientError as error:
            raise _unavailable() from error


def _discard_connection(response: aiohttp.ClientResponse) -> None:
    """A service that failed may close its side right after answering; closing ours means the
    pool never hands that connection to the next request."""
    held = response.connection
    if held is not None and held.protocol is not None:
        held.protocol.force_close()  # closed when released
        return
    # A short body was read with the head, and the connection went back to the pool at once;
    # aiohttp keeps its protocol on the response, and nothing has been awaited since, so no
    # other request holds it yet. Closed now, the pool drops it instead of lending it again.
    protocol = getattr(response, "_protocol", None)
    if protocol is not None and protocol.is_connected():
        protocol.close()


def _unavailable() -> GatewayProblem:
    return GatewayProblem(503, "upstream.unavailable", "the service is unavailable; try again")


def _checked(status: int, upstream_headers: Any, content: bytes) -> UpstreamAnswer:
    """Only JSON, a file download of a known media type, or an empty body goes back to the
    client; anything else is the upstream's fault and answers 502."""
    media_type = str(upstream_headers.get("content-type", "")).split(";")[0].strip().lower()
    if content and not (_is_json(media_type, content) or _is_file(status, media_type)):
        raise GatewayProblem(502, "upstream.bad_answer", "the service gave an unusable answer")
    headers = {k: v for k in RETURNED_RESPONSE_HEADERS if (v := upstream_headers.get(k))}
    return UpstreamAnswer(status, headers, content)


def _is_file(status: int, media_type: str) -> bool:
    return 200 <= status < 300 and media_type in FILE_MEDIA_TYPES


def _is_json(media_type: str, content: bytes) -> bool:
    """Labelled JSON and shaped like a JSON document. The body is not parsed: the gateway only
    forwards it, and parsing every report it passes on was a good part of its time; what this
    catches is an HTML or text page that an intermediary put where a service's answer belongs."""
    if media_type != "application/json" and not media_type.endswith("+json"):
        return False
    return content.lstrip()[:1] in _JSON_STARTS


# The first byte of any JSON document: object, array, string, true, false, null or a number.
_JSON_STARTS: Final = frozenset(bytes([first]) for first in b'{["tfn-0123456789')
