"""allauth's adapter, with its emails (address confirmation, password reset, security notices)
sent through the notification pipeline: rendered by allauth now, in the request's language, and
delivered after commit with the pipeline's retries, so a mail server that is down never breaks
sign-up. Settings point ACCOUNT_ADAPTER here; the members adapter keeps its own behaviour."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags
from django.utils.translation import get_language

from members.adapters import AccountAdapter
from notifications.services import notify_address

ACCOUNT_EMAIL_KIND = "account.email"


class PipelineAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = self.request
        message_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, message_context)
        subject = message.subject
        prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX or ""
        if prefix and subject.startswith(prefix):
            subject = subject[len(prefix) :]  # the pipeline puts it back
        # allauth's templates are plain text (an HTML-only one is reduced to its text); the
        # pipeline's template prints it in both parts of the email.
        body = message.body if message.content_subtype == "plain" else strip_tags(message.body)
        notify_address(
            email=email,
            language=get_language() or settings.LANGUAGE_CODE,
            kind=ACCOUNT_EMAIL_KIND,
            data={"subject": subject, "body": body, "template": template_prefix},
        )
