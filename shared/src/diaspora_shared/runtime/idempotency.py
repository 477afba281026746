"""Idempotency-Key on POST, as payment APIs do: the first request with a key runs and its
answer is stored; a repeat gets the stored answer, whether it comes later or concurrently; the
same key with another request is refused."""

import hashlib
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .actors import AssertionVerifier
from .assertions import ASSERTION_HEADER, InvalidAssertion
from .database import Database
from .http_problems import problem_openapi_response, problem_response
from .idempotency_store import (
    MAX_KEY_LENGTH,
    MAX_PATH_LENGTH,
    MAX_SUBJECT_LENGTH,
    Claimed,
    EffectWithoutAnswer,
    IdempotencyStore,
    InProgress,
    KeyReused,
    Request,
    StoredAnswer,
    current_request,
)

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_STORED_BODY_BYTES = 1_000_000


IDEMPOTENCY_KEY_PARAMETER = {
    "name": IDEMPOTENCY_KEY_HEADER,
    "in": "header",
    "required": False,
    "description": "Send the same key to repeat a request safely: a repeat gets the first "
    "answer and has no further effect; the key with another request answers 422.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[ -~]+$",
    },
}


def declare_idempotency_key(app: FastAPI) -> None:
    """Document the optional Idempotency-Key header, and the 409 it can answer, on every POST
    of `app`; call it after the problem handlers are installed."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for operations in schema.get("paths", {}).values():
            post = operations.get("post")
            if post is not None:
                parameters = post.setdefault("parameters", [])
                if IDEMPOTENCY_KEY_PARAMETER not in parameters:
                    parameters.append(IDEMPOTENCY_KEY_PARAMETER)
                # A repeat while the first request with its key still runs answers 409.
                post["responses"].setdefault("409", problem_openapi_response(409))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class IdempotentPosts:
    """ASGI middleware; `database_of` is called per request, since the database belongs to a
    runtime that starts after the app is built."""

    def __init__(self, app: ASGIApp, database_of: Callable[[], Database]) -> None:
        self.app = app
        self.database_of = database_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, IDEMPOTENCY_KEY_HEADER)
        subject = _verified_subject(scope)
        if scope["type"] != "http" or scope["method"] != "POST" or key is None or not subject:
            await self.app(scope, receive, send)
            return
        if not _acceptable(key, subject, scope):
            response = problem_response(
                422,
                f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
                code="idempotency.key_invalid",
            )
            await response(scope, receive, send)
            return
        body = await _read_body(receive)
        request = _request_of(scope, subject, key, body)
        await self._answer(request, body, scope, receive, send)

    async def _answer(
        self, request: Request, body: bytes, scope: Scope, receive: Receive, send: Send
    ) -> None:
        store = IdempotencyStore(self.database_of())
        outcome = await store.claim(request)
        if isinstance(outcome, Claimed):
            await self._run_once(store, request, body, (scope, receive, send))
        elif isinstance(outcome, StoredAnswer):
            await _replay(outcome, send)
        else:
            await _refuse(outcome, scope, receive, send)

    async def _run_once(
        self,
        store: IdempotencyStore,
        request: Request,
        body: bytes,
        asgi: tuple[Scope, Receive, Send],
    ) -> None:
        scope, receive, send = asgi
        recorder = _AnswerRecorder(send)
        serving = current_request.set(request)
        try:
            await self.app(scope, _replaying(body, receive), recorder.send)
        except BaseException:
            await store.release(request)
            raise
        finally:
            current_request.reset(serving)
        answer = recorder.answer()
        if answer is None or answer.status >= 500:
            await store.release(request)
        else:
            await store.complete(request, answer)


class _AnswerRecorder:
    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 0
        self.content_type = "application/json"
        self.chunks: list[bytes] = []
        self.size = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            headers = dict(message.get("headers", []))
            self.content_type = headers.get(b"content-type", b"application/json").decode()
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size <= MAX_STORED_BODY_BYTES:
                self.chunks.append(chunk)
        await self._send(message)

    def answer(self) -> StoredAnswer | None:
        if not self.status or self.size > MAX_STORED_BODY_BYTES:
            return None
        return StoredAnswer(self.status, self.content_type[:100], b"".join(self.chunks))


async def _replay(answer: StoredAnswer, send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [
                (b"content-type", answer.content_type.encode()),
                (b"content-length", str(len(answer.body)).encode()),
                (REPLAYED_HEADER.lower().encode(), b"true"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": answer.body})


async def _refuse(
    outcome: KeyReused | InProgress | EffectWithoutAnswer,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    if isinstance(outcome, EffectWithoutAnswer):
        response = problem_response(
            409,
            "a request with this Idempotency-Key already took effect, but its answer was not "
            "kept; read the resource to see its state",
            code="idempotency.done_without_answer",
        )
    elif isinstance(outcome, KeyReused):
        response = problem_response(
            422,
            "this Idempotency-Key was used for a different request",
            code="idempotency.key_reused",
        )
    else:
        response = problem_response(
            409,
            "a request with this Idempotency-Key is still running; try again shortly",
            code="idempotency.in_progress",
            headers={"Retry-After": "1"},
        )
    await response(scope, receive, send)


def _verified_subject(scope: Scope) -> str | None:
    """Keys are scoped per caller, as the assertion names them; without a valid assertion the
    request goes on unguarded and its route refuses it."""
    if scope["type"] != "http" or scope.get("method") != "POST":
        return None
    verifier = getattr(scope["app"].state, "assertion_verifier", None)
    if not isinstance(verifier, AssertionVerifier):
        return None
    try:
        return verifier.verify(_header(scope, ASSERTION_HEADER)).subject
    except InvalidAssertion:
        return None


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.lower().encode()
    for header, value in scope.get("headers", []):
        if header == wanted:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _acceptable(key: str, subject: str, scope: Scope) -> bool:
    return (
        0 < len(key) <= MAX_KEY_LENGTH
        and key.isascii()
        and key.isprintable()
        and len(subject) <= MAX_SUBJECT_LENGTH
        and len(_path_of(scope)) <= MAX_PATH_LENGTH
    )


def _path_of(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    path: str = scope["path"]
    return f"{path}?{query}" if query else path


def _request_of(scope: Scope, subject: str, key: str, body: bytes) -> Request:
    path = _path_of(scope)
    fingerprint = hashlib.sha256(scope["method"].encode() + b" " + path.encode() + b"\n" + body)
    return Request(subject, key, scope["method"], path, fingerprint.hexdigest())


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, then: Receive) -> Receive:
    """The body already read, once; afterwards the connection's own messages (disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive
