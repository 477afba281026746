"""A pilot project's contact persons: grants' own personal data, kept only here (never on a
topic, in a key, a header or a log), exportable to the project and erasable."""

from sqlmodel import Field, SQLModel


class ProjectContactRow(SQLModel, table=True):
    __tablename__ = "project_contacts"

    project_code: str = Field(primary_key=True, max_length=200)
    position: int = Field(primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    phone: str | None = Field(default=None, max_length=40)
