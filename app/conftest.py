import pytest

from accounts.tests.factories import UserFactory
from projects.tests.factories import ProjectFactory, make_team


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, username="admin")


@pytest.fixture
def project_with_team(db):
    """A project with a creator, a responsable principal and two team members."""
    project = ProjectFactory()
    responsable, members = make_team(project, size=2)
    return project, responsable, members
