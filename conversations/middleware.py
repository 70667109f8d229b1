"""The conversation poll's "nothing new", answered above the session, authentication and the rest
of the stack (conversations.poll says what it checks instead)."""

import re

from conversations import poll

# The path of conversations:poll (conversations/urls.py); tests/conversations/test_poll.py checks
# the two agree.
POLL_PATH = re.compile(r"^/messages/(?P<pk>[0-9]+)/poll/$")


class PollNothingNewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = POLL_PATH.match(request.path_info)
        if match is not None and request.method == "GET":
            response = poll.answer_nothing_new(request, int(match["pk"]))
            if response is not None:
                return response
        return self.get_response(request)
