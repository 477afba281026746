"""`python -m gateway`: run the gateway as its own process."""

from diaspora_shared.runtime.service import serve

from .app import create_app
from .settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    serve(
        create_app(settings),
        settings.http_host,
        settings.http_port,
        settings.http_max_concurrency,
    )


if __name__ == "__main__":
    main()
