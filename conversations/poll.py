"""The conversation poll's cheap answer: "nothing new" (204) without the database, the session
load, the member or the middleware below it (conversations.middleware sits near the top).

How it stays as safe as the full view:

- Granting. Whenever the full view has let a member read a conversation (the page, or a poll
  that found something new or had no valid token), `poll_url` records a grant in Redis for
  (member, conversation, session) holding a digest of the session key and the member's session
  auth hash, notes the conversation's last-message stamp, and embeds a signed token (member,
  conversation, that digest; 12 hours) in the poll URL.
- Answering. The token's signature, age and conversation must be right; then one Redis script
  checks that the session still exists (cached_db keeps every live session in Redis; signing out
  or `members.services.end_sessions` deletes it), that the grant for this very session holds the
  token's digest, and that the stamp is not newer than `since`; only then does it note "reading
  now" (no email meanwhile) and the answer is 204.
- Revoking. Anything that changes who may read (team roles, leads, the account saved: password,
  deactivation) drops the member's grants (`revoke`, from conversations.signals); a message
  raises the stamp once committed (`raise_stamp`, never lowering it).

Anything else (something new, a missing, expired or foreign token, a signed-out session, a
revoked grant, no Redis) falls back to the full view, which checks everything again and answers
as it always did (a redirect to sign in, 404, or the new messages with a fresh token). So the
cheap answer says nothing but "nothing new", and only to a session the full view let in.
"""

from django.conf import settings
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

TOKEN_SALT = "conversations.poll.token"  # noqa: S105 - a signing salt, not a secret
DIGEST_SALT = "conversations.poll.session"
TOKEN_MAX_AGE = 12 * 60 * 60
# Someone whose page was open or polled this recently is reading it: no email.
PRESENCE_SECONDS = 30

# KEYS: the session's cache key, the member's grants, the stamp, the presence key.
# ARGV: the grant's field (conversation and session), the token's digest, `since`, presence TTL.
_ANSWER = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
local stamp = redis.call('GET', KEYS[3])
if not stamp or tonumber(stamp) > tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[4], '1', 'EX', ARGV[4])
return 1
"""
# Raise a stamp, never lower it: a late writer holding an older stamp cannot hide a message. The
# expiry is not renewed, so a stamp left ahead of the rows (a send rolled back) ends in time.
_RAISE = """
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 1
"""
_scripts = {}


def stamp(moment) -> int:
    """A moment as whole microseconds since the epoch: the poll's `since`."""
    return int(moment.timestamp() * 1_000_000) if moment else 0


def _redis():
    """The default cache's Redis client, or None without Redis (then no cheap answer)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def _script(client, source):
    if source not in _scripts:
        _scripts[source] = client.register_script(source)
    return _scripts[source]


def _key(*parts) -> str:
    return cache.make_key("conversations:poll:" + ":".join(str(part) for part in parts))


def _session_cache_key(session_key: str) -> str | None:
    """Where the session engine keeps this session in Redis (cached_db and cache engines)."""
    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    prefix = getattr(store_class, "cache_key_prefix", None)
    if prefix is None or not isinstance(caches[settings.SESSION_CACHE_ALIAS], RedisCache):
        return None
    return caches[settings.SESSION_CACHE_ALIAS].make_key(prefix + session_key)


def _field(conversation_id, session_key: str) -> str:
    session = salted_hmac(DIGEST_SALT + ".field", session_key).hexdigest()[:16]
    return f"{conversation_id}:{session}"


def _digest(session_key: str, auth_hash: str) -> str:
    return salted_hmac(DIGEST_SALT, f"{session_key}:{auth_hash}").hexdigest()[:20]


# --- Granting, raising, revoking ----------------------------------------------------------------
def poll_url(request, conversation) -> str:
    """The URL the page polls. Call it only once the full checks let `request.user` read the
    conversation: it grants this session the cheap answer there."""
    since = stamp(conversation.last_message_at)
    query = {"since": since}
    client = _redis()
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if client is not None and session_key and request.user.is_authenticated:
        user = request.user
        digest = _digest(session_key, user.get_session_auth_hash())
        grants = _key("grants", user.pk)
        with client.pipeline(transaction=False) as pipe:
            pipe.hset(grants, _field(conversation.pk, session_key), digest)
            pipe.expire(grants, TOKEN_MAX_AGE)
            _script(client, _RAISE)(
                keys=[_key("stamp", conversation.pk)], args=[since, TOKEN_MAX_AGE], client=pipe
            )
            pipe.execute()
        query["t"] = signing.TimestampSigner(salt=TOKEN_SALT).sign(
            f"{user.pk}.{conversation.pk}.{digest}"
        )
    return f"{reverse('conversations:poll', args=[conversation.pk])}?{urlencode(query)}"


def raise_stamp(*, conversation_id, moment) -> None:
    client = _redis()
    if client is not None:
        _script(client, _RAISE)(
            keys=[_key("stamp", conversation_id)], args=[stamp(moment), TOKEN_MAX_AGE]
        )


def revoke(*, user_ids) -> None:
    """Their sessions lose the cheap answer everywhere until the full view grants it again."""
    client = _redis()
    keys = [_key("grants", user_id) for user_id in set(user_ids)]
    if client is not None and keys:
        client.delete(*keys)


# --- Presence: "reading now" --------------------------------------------------------------------
def note_reading(*, conversation_id, user_id) -> None:
    client = _redis()
    if client is not None:
        client.set(_key("reading", conversation_id, user_id), "1", ex=PRESENCE_SECONDS)
        return
    from conversations.models import Participant  # noqa: PLC0415 - no Redis: the marker says it

    Participant.objects.filter(conversation_id=conversation_id, user_id=user_id).update(
        last_seen_at=timezone.now()
    )


def readers(*, conversation_id, user_ids) -> set[int]:
    """Of `user_ids`, those whose page polled this conversation in the last PRESENCE_SECONDS."""
    client = _redis()
    user_ids = list(user_ids)
    if client is None or not user_ids:
        return set()
    values = client.mget([_key("reading", conversation_id, user_id) for user_id in user_ids])
    return {user_id for user_id, value in zip(user_ids, values, strict=True) if value}


# --- The cheap answer ---------------------------------------------------------------------------
def answer_nothing_new(request, conversation_id: int):
    """A 204 when the poll is a granted session's and nothing is new; otherwise None (the full
    view answers)."""
    token = request.GET.get("t")
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not token or not session_key:
        return None
    try:
        since = int(request.GET.get("since", ""))
        user_id, token_conversation_id, digest = (
            signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=TOKEN_MAX_AGE).split(".")
        )
        if int(token_conversation_id) != conversation_id:
            return None
    except (signing.BadSignature, ValueError):
        return None
    client = _redis()
    session_cache_key = _session_cache_key(session_key)
    if client is None or session_cache_key is None:
        return None
    try:
        answered = _script(client, _ANSWER)(
            keys=[
                session_cache_key,
                _key("grants", user_id),
                _key("stamp", conversation_id),
                _key("reading", conversation_id, user_id),
            ],
            args=[_field(conversation_id, session_key), digest, since, PRESENCE_SECONDS],
        )
    except RedisError:
        return None  # the full view answers
    if not answered:
        return None
    response = HttpResponse(status=204)
    # Answered for this session only; never kept by a shared cache.
    patch_vary_headers(response, ("Cookie",))
    response["Cache-Control"] = "private, no-store"
    return response
