"""The reporting HTTP API's public response models, for the gateway's OpenAPI document."""

from .service_layer.funnel_queries import FunnelStages, RecruitmentFunnelReport, TrackFunnel
from .service_layer.queries import AcceptedProfessionalsReport, CallGoal, TrackProgress

__all__ = [
    "AcceptedProfessionalsReport",
    "CallGoal",
    "FunnelStages",
    "RecruitmentFunnelReport",
    "TrackFunnel",
    "TrackProgress",
]
