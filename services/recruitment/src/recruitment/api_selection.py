"""Public request and response models of recruitment's review and selection API."""

from .domain.review import ReviewScores
from .domain.review_views import (
    AssignmentView,
    ConflictDeclaration,
    ReviewerAssignment,
    ReviewSummary,
    ReviewView,
)
from .domain.selection_views import OfferAnswer, ProposalView, SelectionConfirmation

__all__ = [
    "AssignmentView",
    "ConflictDeclaration",
    "OfferAnswer",
    "ProposalView",
    "ReviewScores",
    "ReviewSummary",
    "ReviewView",
    "ReviewerAssignment",
    "SelectionConfirmation",
]
