"""A bare HTTP/1.1 upstream on a real socket, for what in-process transports cannot show:
connection reuse and timeouts. Paths choose the behaviour:

- ``/openapi.json`` serves the document given; ``/ok`` answers 200 JSON;
- ``/fail`` answers 500 JSON on a kept-alive connection, then closes that connection as soon
  as it is used again, without answering (what a service does after an unhandled error);
- ``/text`` answers 200 in plain text; ``/slow`` never answers.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


class RawUpstream:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.connections = 0
        self.never = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        doomed = False
        try:
            while path := await _read_request(reader):
                if doomed:
                    return
                if path == "/slow":
                    await self.never.wait()
                status, content_type, body = self._answer(path)
                doomed = path == "/fail"
                head = (
                    f"HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\n"
                    f"content-length: {len(body)}\r\n\r\n"
                )
                writer.write(head.encode() + body)
                await writer.drain()
        finally:
            writer.close()

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/openapi.json":
            return 200, "application/json", json.dumps(self.document).encode()
        if path == "/fail":
            return 500, "application/json", b'{"detail": "failed"}'
        if path == "/text":
            return 200, "text/plain", b"not json"
        return 200, "application/json", b'{"ok": true}'


async def _read_request(reader: asyncio.StreamReader) -> str | None:
    """The path of the next request on the connection, its body consumed; None at the end."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return lines[0].split(" ")[1].split("?")[0]


@asynccontextmanager
async def raw_upstream(document: dict[str, Any]) -> AsyncIterator[tuple[RawUpstream, str]]:
    upstream = RawUpstream(document)
    server = await asyncio.start_server(upstream.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield upstream, f"http://127.0.0.1:{port}"
    finally:
        upstream.never.set()
        server.close()
        await server.wait_closed()
