"""Sign in through /accounts/login/ like a browser and print the cookies (`name=value; ...`).

Used by scripts/security-scan to give wapiti and sqlmap a signed-in member (`--anonymous`: only
a CSRF cookie). The production server marks its cookies Secure, which the tools' cookie jars keep
but never send back over plain http: without this every form they submit would be a CSRF 403.
Standard library only; the cookies are read from the Set-Cookie headers by hand.
"""

import argparse
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookies_from(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8840")
    parser.add_argument("--email", default="member@example.org")
    parser.add_argument("--password", default="demo-password-2020")
    parser.add_argument("--anonymous", action="store_true", help="only fetch a CSRF cookie")
    args = parser.parse_args()
    if not args.base.startswith(("http://", "https://")):
        parser.error("--base must be an http(s) URL")
    opener = urllib.request.build_opener(NoRedirect)
    login_url = f"{args.base}/accounts/login/"

    with opener.open(login_url) as response:
        cookies = cookies_from(response)
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match or "csrftoken" not in cookies:
        print("no CSRF token on the login page", file=sys.stderr)
        return 1
    if args.anonymous:
        print(f"csrftoken={cookies['csrftoken']}")
        return 0
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match[1], "login": args.email, "password": args.password}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - --base is checked to be http(s) above
        login_url,
        data=body,
        headers={"Cookie": f"csrftoken={cookies['csrftoken']}", "Referer": login_url},
    )
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as redirect:  # 302 after a good sign-in
        response = redirect
    cookies.update(cookies_from(response))
    if response.status != 302 or "sessionid" not in cookies:
        print(f"sign-in failed (HTTP {response.status})", file=sys.stderr)
        return 1
    print(f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
