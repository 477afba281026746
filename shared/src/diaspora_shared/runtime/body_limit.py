"""A request body size limit, enforced before anything parses the body.

A declared ``Content-Length`` over the limit is refused at once; a body sent without one is
counted as it streams in and refused as soon as it passes the limit.
"""

from typing import Final

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .http_problems import problem

DEFAULT_MAX_BODY_BYTES: Final = 1024 * 1024
_PROBLEM_BODY: Final = (
    problem(413, "request body too large").model_dump_json(exclude_none=True).encode()
)


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reader lets it through as a 413 instead of
    turning it into a generic 400."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body too large")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_length(scope) > self.max_bytes:
            await _send_too_large(send)
            return
        await self.app(scope, self._counting(receive), send)

    def _declared_length(self, scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                return int(value) if value.isdigit() else self.max_bytes + 1
        return 0

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        return counted


async def _send_too_large(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(_PROBLEM_BODY)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _PROBLEM_BODY})
