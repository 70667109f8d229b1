from diaspora.db_router import DirectoryReplicaRouter
from members.models import Profile, User
from organizations.models import Need


def test_directory_reads_go_to_the_replica_and_writes_to_the_primary():
    router = DirectoryReplicaRouter()
    assert router.db_for_read(Profile) == "replica"
    assert router.db_for_read(Need) == "replica"
    assert router.db_for_read(User) is None  # accounts and sessions stay on the primary
    assert router.db_for_write(Profile) == "default"
    assert router.allow_migrate("replica", "members") is False
    assert router.allow_migrate("default", "members") is True
