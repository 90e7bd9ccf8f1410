"""Headers every response carries, and the same-origin check of every POST."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

HEADERS = {
    # Scripts and styles only from our own static files: no inline script can run.
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    # Not "no-referrer": with it a browser sends "Origin: null" on our own forms.
    "referrer-policy": "same-origin",
    # Pages hold health information: no browser or proxy keeps a copy.
    "cache-control": "no-store",
}


def same_origin(request: Request) -> bool:
    """A browser names the page a POST comes from; another site's is refused (this
    covers the sign-in form, which has no session and so no CSRF token yet)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        # A bearer request has no cookie authority to forge (an integration may well
        # send an Origin of its own); the API's refusal is JSON like its other errors.
        bearer = "authorization" in request.headers
        if request.method == "POST" and not bearer and not same_origin(request):
            response: Response = PlainTextResponse("cross-site request refused", 403)
            if request.url.path.startswith("/api/"):
                response = JSONResponse({"error": "cross-site request refused"}, 403)
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
