"""Commands at rising offered loads: when to stop rising, and the plot of what was sustained.

The bench offers each load in turn (open loop) and stops after the first load the platform did
not sustain, so the table and the plot show where it saturates without spending minutes
beyond that point."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on a build machine
import matplotlib.pyplot as plt

# A load is sustained when the commands were answered at (nearly) the offered rate and the
# slowest percent of them became visible within a second.
SUSTAINED_SHARE = 0.9
SUSTAINED_P99_MS = 1_000.0


def sustained(offered_per_s: float, figures: Mapping[str, Any]) -> bool:
    answered_all = figures["visible"] >= figures["offered"] and figures["failed"] == 0
    kept_pace = figures["achieved_per_s"] >= SUSTAINED_SHARE * offered_per_s
    quick: bool = figures["p99"] <= SUSTAINED_P99_MS
    return answered_all and kept_pace and quick


def write_plot(latencies: Mapping[str, Mapping[str, Any]], path: Path) -> Path:
    """Achieved commands/s and p50/p99 latency against the offered load, as a PNG."""
    offered = [float(load.removesuffix("/s")) for load in latencies]
    figures = list(latencies.values())
    figure, (rate_axis, latency_axis) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    rate_axis.plot(offered, offered, linestyle=":", color="grey", label="offered")
    rate_axis.plot(offered, [f["achieved_per_s"] for f in figures], marker="o", label="answered")
    rate_axis.set(xlabel="offered commands/s", ylabel="commands/s", title="Throughput")
    rate_axis.legend()
    for percentile in ("p50", "p99"):
        values = [f[percentile] for f in figures]
        latency_axis.plot(offered, values, marker="o", label=percentile)
    latency_axis.axhline(100, linestyle=":", color="grey", label="p99 target (100 ms)")
    latency_axis.set(
        xlabel="offered commands/s",
        ylabel="command → visible in the report (ms)",
        title="End-to-end latency",
        yscale="log",
    )
    latency_axis.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
