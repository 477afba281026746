"""Everything recruitment reacts to, in one place: deployment's missions and grants' mentors tell
it who may read a professional's contact details (`service_layer/entitlements.py`)."""

from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.entitlements import CONTACT_ENTITLEMENTS_GROUP, HANDLERS


def register_subscriptions(runtime: ServiceRuntime) -> None:
    runtime.consume(CONTACT_ENTITLEMENTS_GROUP, HANDLERS)
