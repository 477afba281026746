"""The bench's rising loads: a load counts as sustained only when every command became visible,
the answers kept up with the offered rate and the p99 stayed within a second; the plot of them
is a PNG."""

from pathlib import Path
from typing import Any

from bench.loads import sustained, write_plot


def figures(**changes: Any) -> dict[str, Any]:
    kept_up = {"offered": 1000, "visible": 1000, "failed": 0, "achieved_per_s": 49.6}
    return kept_up | {"p50": 20.0, "p99": 45.0} | changes


def test_a_load_is_sustained_only_when_nothing_lags_or_fails() -> None:
    assert sustained(50, figures())
    assert not sustained(50, figures(achieved_per_s=40.0))
    assert not sustained(50, figures(p99=1500.0))
    assert not sustained(50, figures(visible=998))
    assert not sustained(50, figures(failed=1))


def test_the_plot_is_a_png(tmp_path: Path) -> None:
    latencies = {"25/s": figures(achieved_per_s=25.0), "200/s": figures(achieved_per_s=61.0)}
    written = write_plot(latencies, tmp_path / "plots" / "loads.png")
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert written.stat().st_size > 10_000  # two panels with axes, lines and legends
