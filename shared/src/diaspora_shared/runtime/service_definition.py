"""A service declared in one place; the platform builds its app and runs its process.

A service writes its domain, its handlers, its routes and its migrations, then declares itself:

    SERVICE = ServiceDefinition(
        settings=DeploymentSettings,           # a ServiceSettings with its own env prefix
        title="Deployment service",
        description="Host requests, missions and activity records.",
        migrations=MIGRATIONS,                 # its adapters/migrations folder
        routers=[missions_http.router],
        domain_errors={errors.NotFoundError: 404, errors.ConflictError: 409},
        wire=register,                         # subscriptions and periodic jobs, if any
        state={"clock": clock},                # objects the routes find on app.state
        extend=add_middleware,                 # anything else the app needs, if any
    )

`SERVICE.create_app(settings)` gives the FastAPI app whose lifespan owns the runtime (database,
migrations, producer, outbox relay, subscribers, periodic jobs); `SERVICE.main` runs the process.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from fastapi import APIRouter, FastAPI

from .errors import install_domain_error_handlers
from .metrics_http import expose_metrics
from .service import ServiceRuntime, create_service_app, serve
from .settings import ServiceSettings
from .tracing_http import TraceRequests

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


class HttpSettings(Protocol):
    http_host: str
    http_port: int
    http_max_concurrency: int


HttpSettingsT = TypeVar("HttpSettingsT", bound=HttpSettings)


@dataclass(frozen=True)
class ServiceDefinition(Generic[SettingsT]):
    settings: type[SettingsT]
    title: str
    description: str
    migrations: Path
    routers: Sequence[APIRouter] = ()
    domain_errors: Mapping[type[Exception], int] = field(default_factory=dict)
    wire: Callable[[ServiceRuntime, SettingsT], None] | None = None
    state: Mapping[str, object] = field(default_factory=dict)
    extend: Callable[[FastAPI, ServiceRuntime], None] | None = None

    def create_app(self, settings: SettingsT | None = None) -> FastAPI:
        """Nothing connects here: the runtime starts with the app's lifespan."""
        settings = settings or self.settings()
        runtime = ServiceRuntime(settings, migrations=self.migrations)
        if self.wire is not None:
            self.wire(runtime, settings)
        app = create_service_app(runtime, title=self.title, description=self.description)
        for name, value in self.state.items():
            setattr(app.state, name, value)
        install_domain_error_handlers(app, self.domain_errors)
        if self.extend is not None:
            self.extend(app, runtime)
        for router in self.routers:
            app.include_router(router)
        app.add_middleware(TraceRequests)
        expose_metrics(app, runtime.metrics)  # last, so it times what other middleware answers
        return app

    def main(self) -> None:
        """The process entry point (`python -m <service>` and the service's script)."""
        run_process(self.create_app, self.settings)


def run_process(
    create_app: Callable[[HttpSettingsT], FastAPI], settings_class: Callable[[], HttpSettingsT]
) -> None:
    """Read the settings from the environment, build the app, serve it until SIGTERM."""
    settings = settings_class()
    serve(
        create_app(settings),
        settings.http_host,
        settings.http_port,
        settings.http_max_concurrency,
    )
