"""The conversation poll's cheap answer: "nothing new" (204) without the session, the member or
the middleware below it (conversations.middleware places it near the top of the stack).

The page embeds a short signed token in its poll URL. It binds the member, the conversation, and
a digest of the session key together with the member's session auth hash, and lasts 12 hours. The
cheap answer is given only when all of this holds, checked with one SQL query:

- the token's signature, age and conversation (the URL's) are right;
- the request carries the session cookie the token was made for, and that session still exists
  and has not expired (signing out or ending a member's sessions deletes it);
- the member is active, may still read the conversation (the same rule as the list:
  `selectors.poll_state`), and their password has not changed since (the auth hash);
- nothing was written after `since`.

Then one Redis write notes that they are reading (no email meanwhile; services.notify_recipients).

Anything else (something new, a missing, expired or foreign token, a signed-out session, lost
access) falls back to the full view, which checks everything again and answers as it always did
(a redirect to sign in, 404, or the new messages with a fresh token). So the cheap answer tells
nothing but "nothing new", and only to someone the full view would let in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode

TOKEN_SALT = "conversations.poll.token"  # noqa: S105 - a signing salt, not a secret
SESSION_DIGEST_SALT = "conversations.poll.session"
TOKEN_MAX_AGE = 12 * 60 * 60
# Someone whose page was open or polled this recently is reading it: no email.
PRESENCE_SECONDS = 30


def stamp(moment) -> int:
    """A moment as whole microseconds since the epoch: the poll's `since`."""
    return int(moment.timestamp() * 1_000_000) if moment else 0


def _session_digest(session_key: str, auth_hash: str) -> str:
    return salted_hmac(SESSION_DIGEST_SALT, f"{session_key}:{auth_hash}").hexdigest()[:20]


def token_for(*, user, conversation_id: int, session_key: str) -> str:
    digest = _session_digest(session_key, user.get_session_auth_hash())
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{user.pk}.{conversation_id}.{digest}")


def poll_url(request, conversation_id: int, since: int) -> str:
    """The URL the page polls: `since`, and the token when the request has a signed-in session."""
    query = {"since": since}
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key and request.user.is_authenticated:
        query["t"] = token_for(
            user=request.user, conversation_id=conversation_id, session_key=session_key
        )
    return f"{reverse('conversations:poll', args=[conversation_id])}?{urlencode(query)}"


# --- Presence: "reading now" -------------------------------------------------------------------
def _presence_key(conversation_id, user_id) -> str:
    return f"conversations:reading:{conversation_id}:{user_id}"


def note_reading(*, conversation_id, user_id) -> None:
    cache.set(_presence_key(conversation_id, user_id), 1, PRESENCE_SECONDS)


def readers(*, conversation_id, user_ids) -> set[int]:
    """Of `user_ids`, those whose page polled this conversation in the last PRESENCE_SECONDS."""
    keys = {_presence_key(conversation_id, user_id): user_id for user_id in user_ids}
    return {keys[key] for key in cache.get_many(list(keys))}


# --- The cheap answer ---------------------------------------------------------------------------
def _nothing_new(since, last_message_at) -> bool:
    return stamp(last_message_at) <= since


def answer_nothing_new(request, conversation_id: int):
    """A 204 when the poll is provably a signed-in reader's and nothing is new; otherwise None
    (the full view answers)."""
    from conversations import selectors  # noqa: PLC0415 - models load after the middleware

    token = request.GET.get("t")
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not token or not session_key:
        return None
    try:
        since = int(request.GET.get("since", ""))
        user_id, token_conversation_id, digest = (
            signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=TOKEN_MAX_AGE).split(".")
        )
        user_id = int(user_id)
    except (signing.BadSignature, ValueError):
        return None
    if int(token_conversation_id) != conversation_id:
        return None
    state = selectors.poll_state(
        conversation_id=conversation_id, user_id=user_id, session_key=session_key
    )
    if state is None:
        return None
    last_message_at, password = state
    auth_hash = get_user_model()(password=password).get_session_auth_hash()
    if not constant_time_compare(digest, _session_digest(session_key, auth_hash)):
        return None
    if not _nothing_new(since, last_message_at):
        return None
    note_reading(conversation_id=conversation_id, user_id=user_id)
    response = HttpResponse(status=204)
    # Answered for this session only; never kept by a shared cache.
    patch_vary_headers(response, ("Cookie",))
    response["Cache-Control"] = "private, no-store"
    return response
