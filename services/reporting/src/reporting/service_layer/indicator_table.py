"""The programme's indicator table: every declared indicator, checked once at import so a
table naming a field or event that does not exist stops the service from starting."""

from diaspora_shared.contracts.events import EVENTS_BY_TYPE

from .indicator_model import Indicator, validate
from .indicator_sources import SOURCE_FIELDS
from .indicators_deployment import DEPLOYMENT_INDICATORS
from .indicators_grants import GRANT_INDICATORS

INDICATORS: tuple[Indicator, ...] = (*DEPLOYMENT_INDICATORS, *GRANT_INDICATORS)
validate(INDICATORS, SOURCE_FIELDS, set(EVENTS_BY_TYPE))
INDICATORS_BY_ID = {indicator.id: indicator for indicator in INDICATORS}
