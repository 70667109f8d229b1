"""Keep a linked fellow leading their ventures, however ventures or the account get set (the
admin's form, the spreadsheet import, a shell): organizations only knows about leads."""

from django.db.models.signals import m2m_changed, post_save

from campaigns import services
from campaigns.models import Fellow
from organizations.signals import outcome_shared as outcome_shared_signal


def fellow_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """An account linked in the admin (raw id field) leads the fellow's ventures too."""
    if raw or (update_fields is not None and "user" not in update_fields):
        return
    services.make_fellow_lead(fellow=instance)


def fellow_ventures_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "pre_remove", "pre_clear"):
        return
    # Read from the database: the instance at hand may predate the account being linked.
    fellows = Fellow.objects.filter(user__isnull=False)
    if reverse:  # venture.fellows.add(...): instance is the venture, pk_set its fellows
        fellows = fellows.filter(pk__in=pk_set) if pk_set else fellows.filter(ventures=instance)
        pairs = [(fellow, [instance.pk]) for fellow in fellows]
    else:
        fellow = fellows.filter(pk=instance.pk).first()
        if fellow is None:
            return
        pairs = [(fellow, pk_set if pk_set else fellow.ventures.values_list("pk", flat=True))]
    for fellow, venture_ids in pairs:
        if action == "post_add":
            services.make_fellow_lead(fellow=fellow, venture_ids=list(venture_ids))
        else:
            services.drop_fellow_lead(fellow=fellow, venture_ids=list(venture_ids))


def outcome_shared(sender, check_in, author, **kwargs):
    """organizations' hook: a shared outcome becomes a draft story (returned for the link)."""
    if author is None:
        return None
    return services.draft_story_from_outcome(check_in=check_in, author=author)


def connect():

    outcome_shared_signal.connect(outcome_shared, dispatch_uid="campaigns_outcome_story_draft")
    post_save.connect(fellow_saved, sender=Fellow, dispatch_uid="campaigns_fellow_saved_leads")
    m2m_changed.connect(
        fellow_ventures_changed,
        sender=Fellow.ventures.through,
        dispatch_uid="campaigns_fellow_ventures_leads",
    )
