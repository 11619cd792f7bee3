"""Developer accounts and organizations: who can own an app."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class Developer:
    """A TikTok for Developers account, signed up by email."""

    email: str
    organizations: list[Organization] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        return f"<Developer {self.email}>"


@dataclass(eq=False)
class Organization:
    """An organization representing the group that owns apps (recommended, not required)."""

    name: str
    members: list[Developer] = field(default_factory=list)

    def join(self, developer: Developer) -> None:
        """Add ``developer`` to the organization (joining twice changes nothing)."""
        if developer not in self.members:
            self.members.append(developer)
            developer.organizations.append(self)

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


Owner = Developer | Organization
