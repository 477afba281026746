"""`python -m bench` (`make bench`): every figure next to its baseline, measured in one run.

Needs a Kafka broker and a PostgreSQL server (`make bench` starts the native ones); creates its
own prefixed topics and databases and deletes them afterwards.
"""

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

import uvloop

from diaspora_shared.runtime.logging import configure_logging

from . import latency, live, loads, throughput
from .databases import Databases
from .events import create_topics, delete_topics, generated_events, records_for

RESULTS = Path(__file__).resolve().parent / "results"
MAX_EVENTS = 1_000_000


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_model": model,
        "cpu_cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    bootstrap: str = args.kafka
    topics: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    databases = Databases(args.postgres, scratch)
    run_id = uuid4().hex[:8]
    results: dict[str, Any] = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "options": {
            "events": args.events,
            "repeats": args.repeats,
            "outbox_events": args.outbox_events,
            "loads_per_s": args.loads,
            "load_seconds": args.duration,
        },
    }
    try:
        prefix = f"bench{run_id}p."
        topics += await create_topics(bootstrap, prefix)
        say(f"generating {args.events} events")
        records = records_for(generated_events(args.events), prefix)
        sizes = [len(r.value) for r in records]
        results["event_value_bytes_mean"] = round(statistics.fmean(sizes))
        say("raw produce")
        results["raw_produce_eps"] = round(await throughput.raw_produce(bootstrap, records))
        # One untimed read first, so no round pays for a cold broker cache or client.
        await throughput.raw_consume(bootstrap, prefix, len(records))
        consume: list[float] = []
        sqlite: list[float] = []
        postgres: list[float] = []
        applications: list[float] = []
        alone_sqlite: list[float] = []
        alone_postgres: list[float] = []
        for repeat in range(args.repeats):
            say(f"raw consume and projection rebuilds, round {repeat + 1}/{args.repeats}")
            consume.append(await throughput.raw_consume(bootstrap, prefix, len(records)))
            for rates, url in (
                (sqlite, databases.sqlite("projection")),
                (postgres, await databases.postgres()),
            ):
                rate, every = await throughput.projection_rebuild(bootstrap, prefix, url)
                applied = {stats.projection: stats.applied for stats in every}
                if applied != throughput.expected_applied(records):
                    raise RuntimeError(f"rebuild applied {applied}")
                rates.append(rate)
                if rates is sqlite:
                    applications.append(sum(applied.values()) / every[0].apply_seconds)
            for rates, url in (
                (alone_sqlite, databases.sqlite(f"alone{repeat}")),
                (alone_postgres, await databases.postgres()),
            ):
                rate, _ = await throughput.projection_rebuild(
                    bootstrap, prefix, url, [throughput.BENCH_PROJECTION]
                )
                rates.append(rate)
        raw_consume = statistics.median(consume)
        results["raw_consume_eps"] = round(raw_consume)
        results["projection_eps_sqlite"] = round(statistics.median(sqlite))
        results["projection_eps_postgres"] = round(statistics.median(postgres))
        results["projection_ratio_sqlite"] = round(statistics.median(sqlite) / raw_consume, 3)
        results["projection_ratio_postgres"] = round(statistics.median(postgres) / raw_consume, 3)
        # Each event applied by each projection that reads it (three read the bench's events).
        results["projection_applications_eps_sqlite"] = round(statistics.median(applications))
        # Accepted professionals alone: what the rebuild benchmark measured before it included
        # every projection, kept so the two can be compared run after run.
        for name, rates in (("sqlite", alone_sqlite), ("postgres", alone_postgres)):
            results[f"projection_alone_ratio_{name}"] = round(
                statistics.median(rates) / raw_consume, 3
            )
            results[f"projection_alone_eps_{name}"] = round(statistics.median(rates))
        say(f"live projections, backlog of {len(records)} events")
        live_eps, settled = await live.live_projections(
            bootstrap, prefix, await databases.postgres(), records
        )
        applied = {p.name: settled[p.group].get("applied", 0) for p in live.PROJECTIONS.values()}
        if applied != throughput.expected_applied(records):
            raise RuntimeError(f"live projections applied {applied}")
        results["live_projection_eps_postgres"] = round(live_eps)
        results["live_projection_ratio_postgres"] = round(live_eps / raw_consume, 3)
        results["live_projection_applications_eps_postgres"] = round(
            live_eps * sum(applied.values()) / len(records)
        )
        results["rounds"] = {
            "raw_consume_eps": [round(x) for x in consume],
            "projection_eps_sqlite": [round(x) for x in sqlite],
            "projection_eps_postgres": [round(x) for x in postgres],
        }

        say(f"outbox relay, {args.outbox_events} rows")
        outbox_prefix = f"bench{run_id}o."
        topics += await create_topics(bootstrap, outbox_prefix)
        results["outbox_eps"] = round(
            await throughput.outbox_relay(
                bootstrap, outbox_prefix, await databases.postgres(), args.outbox_events
            )
        )
        results["outbox_eps_sqlite"] = round(
            await throughput.outbox_relay(
                bootstrap, outbox_prefix, databases.sqlite("outbox"), args.outbox_events
            )
        )

        if args.duration > 0 and args.loads:
            say(f"end-to-end latency at {args.loads}/s for {args.duration:g} s each")
            e2e_prefix = f"bench{run_id}e."
            topics += await create_topics(bootstrap, e2e_prefix)
            service_databases = {
                "recruitment": await databases.postgres(),
                "reporting": await databases.postgres(),
            }
            results |= await latency.measure(
                bootstrap, e2e_prefix, service_databases, scratch, args.loads, args.duration
            )
    finally:
        await delete_topics(bootstrap, topics)
        await databases.drop_all()
    return results


def table(results: dict[str, Any]) -> str:
    raw = results["raw_consume_eps"]
    rows = [
        ("raw produce (acks=all, idempotent)", f"{results['raw_produce_eps']:,} ev/s", ""),
        ("raw consume (getmany + json.loads)", f"{raw:,} ev/s", "baseline"),
        (
            "rebuild of every projection, SQLite",
            f"{results['projection_eps_sqlite']:,} ev/s",
            f"{results['projection_ratio_sqlite']:.0%} of raw consume (target >= 50%)",
        ),
        (
            "rebuild of every projection, PostgreSQL",
            f"{results['projection_eps_postgres']:,} ev/s",
            f"{results['projection_ratio_postgres']:.0%} of raw consume (target >= 50%)",
        ),
        (
            "  the same, per projection applying, SQLite",
            f"{results['projection_applications_eps_sqlite']:,} applications/s",
            "an event applied by three projections counts three times",
        ),
        (
            "rebuild of accepted professionals alone, SQLite",
            f"{results['projection_alone_eps_sqlite']:,} ev/s",
            f"{results['projection_alone_ratio_sqlite']:.0%} of raw consume (target >= 50%)",
        ),
        (
            "rebuild of accepted professionals alone, PostgreSQL",
            f"{results['projection_alone_eps_postgres']:,} ev/s",
            f"{results['projection_alone_ratio_postgres']:.0%} of raw consume (target >= 50%)",
        ),
        (
            f"live projection (reporting service, backlog of {results['options']['events']:,} "
            "events), PostgreSQL",
            f"{results['live_projection_eps_postgres']:,} ev/s",
            f"{results['live_projection_ratio_postgres']:.0%} of raw consume (target >= 25%)",
        ),
        (
            "  the same, per projection applying",
            f"{results['live_projection_applications_eps_postgres']:,} applications/s",
            "each projection's group reads and decodes every event of its topics itself",
        ),
        ("outbox relay, PostgreSQL", f"{results['outbox_eps']:,} ev/s", ""),
        ("outbox relay, SQLite", f"{results['outbox_eps_sqlite']:,} ev/s", ""),
    ]
    for load, figures in results.get("e2e_latency_ms", {}).items():
        rows.append(
            (
                f"e2e latency at {load}",
                f"p50 {figures['p50']} / p95 {figures['p95']} / p99 {figures['p99']} / "
                f"max {figures['max']} ms",
                f"{figures['visible']}/{figures['offered']} visible, {figures['failed']} failed, "
                f"commands answered at {figures['achieved_per_s']}/s"
                + ("" if loads.sustained(float(load[:-2]), figures) else ": saturated"),
            )
        )
    for path, reads in results.get("report_reads_rps", {}).items():
        rows.append(
            (
                f"report reads {path} ({reads['body_bytes']:,} B)",
                f"bare {reads['bare']:,} / direct {reads['direct']:,} / "
                f"gateway {reads['gateway']:,} req/s",
                f"direct {reads['direct_vs_bare']:.0%}, gateway {reads['gateway_vs_bare']:.0%} "
                "of bare FastAPI (target: gateway >= 50%)",
            )
        )
    for service, rss in results.get("rss_mb", {}).items():
        rows.append(
            (
                f"RSS {service}",
                f"idle {rss['idle']} MB, after load {rss['after_load']} MB",
                "target < 120 MB",
            )
        )
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    lines = [
        f"{name:<{width}}  {value:<{value_width}}  {note}".rstrip() for name, value, note in rows
    ]
    m = results["machine"]
    lines.insert(0, f"{m['cpu_model']}, {m['cpu_cores']} cores; {results['options']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--events", type=int, default=100_000, help="events for the rebuild")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of consume vs rebuild")
    parser.add_argument("--outbox-events", type=int, default=20_000)
    parser.add_argument(
        "--loads",
        type=lambda text: [float(x) for x in text.split(",") if x],
        default=[25.0, 50.0, 100.0, 200.0],
        help="offered commands/s, comma-separated, rising: the bench stops after the first "
        "load not sustained",
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per load; 0 skips")
    parser.add_argument(
        "--kafka", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://platform@127.0.0.1:55432/postgres"
        ),
        help="a server where databases can be created",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args()
    if not 1 <= args.events <= MAX_EVENTS:
        parser.error(f"--events must be between 1 and {MAX_EVENTS:,}")
    configure_logging("bench", "WARNING")
    # The loop the services and `reporting-rebuild` run on, so what runs in this process (raw
    # consume, the rebuilds, the live projections) is measured as they run.
    results = uvloop.run(run(args))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.output.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    temporary.replace(args.output)
    if results.get("e2e_latency_ms"):
        plot = loads.write_plot(results["e2e_latency_ms"], args.output.with_suffix(".png"))
        print(f"bench: commands at rising loads plotted in {plot}")
    print(table(results))
    print(f"bench: results written to {args.output}")


if __name__ == "__main__":
    main()
