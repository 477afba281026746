"""`python -m reporting`: run the reporting service as its own process."""

from diaspora_shared.runtime.service import serve

from .entrypoints.app import create_app
from .settings import ReportingSettings


def main() -> None:
    settings = ReportingSettings()
    serve(
        create_app(settings),
        settings.http_host,
        settings.http_port,
        settings.http_max_concurrency,
    )


if __name__ == "__main__":
    main()
