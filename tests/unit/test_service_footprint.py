"""A service process loads what every request needs and nothing more: the libraries behind a
rare download (certificate PDFs, XLSX exports) and Alembic (which a cluster's migration job runs
instead of the service) are imported on first use. Each of them costs a process 15 to 35 MB of
its memory budget, so a module-level import creeping back in fails here rather than in
`make bench`'s RSS row."""

import subprocess
import sys

LOADED_ON_FIRST_USE = ("fpdf", "openpyxl", "numpy", "PIL", "alembic", "mako")
SERVICE_APPS = (
    "recruitment.entrypoints.app",
    "reporting.entrypoints.app",
    "deployment.entrypoints.app",
    "grants.entrypoints.app",
    "gateway.app",
)


def test_the_service_apps_do_not_load_the_libraries_of_rare_requests() -> None:
    # A fresh interpreter: this test process may have imported them for other tests.
    probe = (
        f"import sys, {', '.join(SERVICE_APPS)}; "
        f"print(' '.join(m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
