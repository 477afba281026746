from pydantic_settings import SettingsConfigDict

from diaspora_shared.runtime.settings import ServiceSettings


class GrantsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GRANTS_", extra="ignore")

    service_name: str = "grants"
    http_port: int = 8004
