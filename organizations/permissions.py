"""Who may change what in organizations: the one place views, templates and tests ask."""

from organizations.models import Membership, Role


def role_in(user, organization) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organization=organization, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_organization(user, organization) -> bool:
    """Admins: settings, team, invitations."""
    return role_in(user, organization) == Role.ADMIN


def can_edit_organization_content(user, organization) -> bool:
    """Admins and editors: ventures, needs, events, offers."""
    return role_in(user, organization) in {Role.ADMIN, Role.EDITOR}
