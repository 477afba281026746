"""`python -m gateway`: run the gateway as its own process."""

from diaspora_shared.runtime.service_definition import run_process

from .app import create_app
from .settings import GatewaySettings


def main() -> None:
    run_process(create_app, GatewaySettings)


if __name__ == "__main__":
    main()
