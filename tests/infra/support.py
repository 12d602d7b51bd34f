"""What the deployment's tests share."""

import ssl
import urllib.error
import urllib.request


def request_through_proxy(url: str, *, host: str, request_id: str = "", body: int = 0):
    """A request to a proxy on this machine for the given host name: its certificate unchecked (made
    for the test), its redirects not followed, an HTTP error returned as the response."""
    headers = {"Host": host, **({"X-Request-ID": request_id} if request_id else {})}
    data = b"x" * body if body else None
    request = urllib.request.Request(url, headers=headers, data=data)  # noqa: S310 - loopback only
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error
