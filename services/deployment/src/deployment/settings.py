from pydantic_settings import SettingsConfigDict

from diaspora_shared.runtime.settings import ServiceSettings


class DeploymentSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEPLOYMENT_", extra="ignore")

    service_name: str = "deployment"
    http_port: int = 8003
