"""Report reads per second, side by side in one run: a bare FastAPI endpoint sending the same
bytes (the baseline), the reporting service's report asked directly (as the gateway asks it),
and the same report through the gateway with a token. wrk offers the load (16 connections)."""

import asyncio
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.assertions import (
    ASSERTION_HEADER,
    AssertedIdentity,
    new_correlation_id,
    sign_assertion,
)

REPORTS = ("/reports/accepted-professionals", "/reports/indicators")
CONNECTIONS = 16


async def wrk_requests_per_second(url: str, headers: dict[str, str], seconds: float) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    wrk = await asyncio.create_subprocess_exec(*command, url, stdout=asyncio.subprocess.PIPE)
    printed, _ = await asyncio.wait_for(wrk.communicate(), timeout=seconds + 30)
    out = printed.decode()
    if wrk.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}:\n{out}")
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk got errors from {url}:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"wrk printed no rate for {url}:\n{out}")
    return float(found.group(1))


def free_port() -> int:
    from .latency import free_port as taken

    return taken()


async def report_reads(platform: Any, scratch: Path, seconds: float) -> dict[str, Any]:
    """`platform` is the running `latency.Platform`; returns requests/s and ratios per report."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs it (Debian package wrk)")
    settings = platform.gateway_settings
    identity = AssertedIdentity(
        "bench-officer", Role.IOM_OFFICER.value, "IOM-RW", new_correlation_id()
    )
    secret = settings.internal_assertion_secret.get_secret_value()
    direct = {ASSERTION_HEADER: sign_assertion(secret, "reporting", identity, ttl_seconds=3600)}
    token = platform.officer_headers()
    results: dict[str, Any] = {}
    for path in REPORTS:
        async with httpx.AsyncClient() as client:
            answer = await client.get(platform.urls["reporting"] + path, headers=direct)
            answer.raise_for_status()
        body = scratch / "report.json"
        body.write_bytes(answer.content)
        port = free_port()
        bare = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.bare_report",
            str(port),
            str(body),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await _wait_until_up(f"http://127.0.0.1:{port}/report")
            rates = {
                "bare": await wrk_requests_per_second(
                    f"http://127.0.0.1:{port}/report", {}, seconds
                ),
                "direct": await wrk_requests_per_second(
                    platform.urls["reporting"] + path, direct, seconds
                ),
                "gateway": await wrk_requests_per_second(
                    platform.urls["gateway"] + "/api" + path, token, seconds
                ),
            }
        finally:
            bare.terminate()
            await asyncio.wait_for(bare.wait(), timeout=10)
        results[path] = {name: round(rate) for name, rate in rates.items()} | {
            "body_bytes": len(answer.content),
            "direct_vs_bare": round(rates["direct"] / rates["bare"], 3),
            "gateway_vs_bare": round(rates["gateway"] / rates["bare"], 3),
        }
    return {"report_reads_rps": results}


async def _wait_until_up(url: str, within: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"{url} did not come up")
            await asyncio.sleep(0.2)
