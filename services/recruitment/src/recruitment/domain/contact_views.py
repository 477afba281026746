"""What an entitled host institution or pilot project reads of a professional."""

from uuid import UUID

from pydantic import EmailStr, Field

from .model import Strict


class ProfessionalContact(Strict):
    """Name and work e-mail of a professional, for the host or pilot project they serve."""

    application_id: UUID = Field(description="The professional's pseudonymous id.")
    given_name: str
    family_name: str
    email: EmailStr = Field(description="The e-mail the professional applied with.")
