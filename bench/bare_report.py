"""The baseline of the report-read figures: a bare FastAPI app answering, from memory, the very
JSON the reporting service gave for the same report (so both send the same bytes). Run as
`python -m bench.bare_report <port> <file with the body>`."""

import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Response


def bare_app(body: bytes) -> FastAPI:
    app = FastAPI()

    @app.get("/report")
    async def report() -> Response:
        return Response(body, media_type="application/json")

    return app


if __name__ == "__main__":
    port, body_file = int(sys.argv[1]), Path(sys.argv[2])
    uvicorn.run(
        bare_app(body_file.read_bytes()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
