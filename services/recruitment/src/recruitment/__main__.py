"""`python -m recruitment`: run the recruitment service as its own process."""

from diaspora_shared.runtime.service import serve

from .entrypoints.app import create_app
from .settings import RecruitmentSettings


def main() -> None:
    settings = RecruitmentSettings()
    serve(
        create_app(settings),
        settings.http_host,
        settings.http_port,
        settings.http_max_concurrency,
    )


if __name__ == "__main__":
    main()
