"""The seeders' HTTP client, one that does as the gateway asks when it is limited.

The gateway keeps a request budget per client address and per user (`gateway/rate_limit.py`)
and answers a request over it with 429 and Retry-After, before forwarding anything. A seeder
sends its hundred-odd requests as fast as the platform answers, from one address, so on a fast
machine it meets the limit; it then waits as long as it is told and sends the same request
again, a bounded number of times, rather than stopping half-seeded."""

import time

import httpx

MAX_WAITS = 20
LONGEST_WAIT_SECONDS = 10.0


class WaitingWhenLimited(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, *, max_waits: int = MAX_WAITS) -> None:
        self._inner = inner
        self._max_waits = max_waits

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(self._max_waits):
            response = self._inner.handle_request(request)
            if response.status_code != httpx.codes.TOO_MANY_REQUESTS:
                return response
            response.read()
            response.close()
            time.sleep(_seconds_to_wait(response.headers.get("Retry-After")))
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def _seconds_to_wait(retry_after: str | None) -> float:
    try:
        seconds = float(retry_after) if retry_after is not None else 1.0
    except ValueError:
        seconds = 1.0  # an HTTP date: the gateway never sends one
    return min(max(seconds, 0.1), LONGEST_WAIT_SECONDS)


def gateway_client(base_url: str, timeout: float) -> httpx.Client:
    return httpx.Client(
        base_url=base_url, timeout=timeout, transport=WaitingWhenLimited(httpx.HTTPTransport())
    )
