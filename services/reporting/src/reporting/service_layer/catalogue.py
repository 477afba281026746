"""Every projection of the reporting service, by name: what the live subscriptions register and
what `reporting-rebuild` can rebuild."""

from .accepted_professionals import ACCEPTED_PROFESSIONALS
from .deployment_missions import DEPLOYMENT
from .funnel import RECRUITMENT_FUNNEL
from .grant_progress import GRANT_PROGRESS
from .indicator_facts import INDICATOR_FACTS
from .projection import Projection

PROJECTIONS: dict[str, Projection] = {
    projection.name: projection
    for projection in (
        ACCEPTED_PROFESSIONALS,
        RECRUITMENT_FUNNEL,
        DEPLOYMENT,
        GRANT_PROGRESS,
        INDICATOR_FACTS,
    )
}
