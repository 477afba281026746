"""The reporting HTTP API's public response models, for the gateway's OpenAPI document."""

from .service_layer.queries import AcceptedProfessionalsReport, TrackProgress

__all__ = ["AcceptedProfessionalsReport", "TrackProgress"]
