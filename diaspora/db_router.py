"""Send directory reads to a PostgreSQL read replica when DATABASE_REPLICA_URL is set.

Only models whose listings tolerate a moment of replication lag are routed; everything else,
and every write, stays on the primary. A member's own edits are read back from the primary
because their pages (`/members/me/...`) read User and Profile through relations pinned to it.
"""

REPLICA_ALIAS = "replica"
DIRECTORY_MODELS = {
    "members.profile",
    "members.skill",
    "members.cause",
    "members.profileskill",
    "members.profilecause",
    "organizations.organization",
    "organizations.venture",
    "organizations.need",
    "organizations.needskill",
}


class DirectoryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.label_lower in DIRECTORY_MODELS:
            instance = hints.get("instance")
            if instance is not None and instance._state.db:
                return instance._state.db  # follow the row we came from
            return REPLICA_ALIAS
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: relations across them are the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
