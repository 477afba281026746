"""The recruitment HTTP API's public request and response models, for the gateway's OpenAPI
document. Other services never import recruitment's internals, only this module."""

from .domain.model import ApplicantProfile, ApplicationView, CallSpec, CallView, ScreeningOverride

__all__ = ["ApplicantProfile", "ApplicationView", "CallSpec", "CallView", "ScreeningOverride"]
