from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _account_activity_changed(sender, instance, created, update_fields, **kwargs):
    """A suspended, deleted or reactivated account leaves or rejoins every listing. Other saves
    of a user (each sign-in stamps last_login) show nothing public and keep the caches."""
    from core.content_cache import bump_content_version  # noqa: PLC0415 - see ready()

    if not created and (update_fields is None or "is_active" in update_fields):
        bump_content_version()


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # Imported here: models and the modules that import them load once the registry is ready.
        from core.content_cache import watch_public_content  # noqa: PLC0415 - the app registry is not ready at import time
        from members.backends import forget_on_change  # noqa: PLC0415 - see above
        from members.models import Profile, User  # noqa: PLC0415 - the app registry is not ready at import time

        watch_public_content(Profile)
        for model in (User, Profile):
            uid = f"signed-in-user-{model._meta.model_name}"
            post_save.connect(forget_on_change, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(forget_on_change, sender=model, dispatch_uid=f"{uid}-delete")
        post_save.connect(_account_activity_changed, sender=User, dispatch_uid="content-cache-user")
