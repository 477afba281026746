"""FastAPI dependencies of recruitment's routers: the platform's own (see `shared/`)."""

from diaspora_shared.runtime.dependencies import ActorDep, RuntimeDep, SessionDep, UowDep

__all__ = ["ActorDep", "RuntimeDep", "SessionDep", "UowDep"]
