"""A nested path a user types or pastes (`/lastn/extra`, `/app_pages/1_home.py`) reaches a page.

Streamlit's pages live one segment deep. For a deeper path its server answers with the app's HTML,
whose relative links to its scripts then resolve under the wrong folder and load HTML instead of
JavaScript: the tab stays white. This middleware sends such a browser to the first segment (a page,
or Streamlit's "page not found" and Home), keeping the query, so a lesson's URL state is not lost.
"""

from urllib.parse import quote

from streamlit import config

# Streamlit's own routes and the app's static folder: files and endpoints, never a page.
SERVER_SEGMENTS = frozenset({"_stcore", "static", "media", "component", "app"})


class NestedPathToPage:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        target = page_of(scope) if scope["type"] == "http" else None
        if target is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        location = target + ("?" + query if query else "")
        await send({"type": "http.response.start", "status": 302,
                    "headers": [(b"location", location.encode("latin-1")), (b"cache-control", b"no-cache"),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def page_of(scope) -> str | None:
    """The page URL a browser asking for a nested path should go to; None where the path is the
    server's business (one segment deep, a server route, a request for anything but a page)."""
    if scope["method"] not in ("GET", "HEAD"):
        return None
    accept = dict(scope["headers"]).get(b"accept", b"")
    if b"text/html" not in accept:  # a script, style or fetch: its own 404 is the right answer
        return None
    base = "/" + (config.get_option("server.baseUrlPath") or "").strip("/")
    path = scope["path"]
    if not path.startswith(base):
        return None
    segments = [s for s in path[len(base):].split("/") if s]
    if len(segments) < 2 or segments[0] in SERVER_SEGMENTS:
        return None
    return base.rstrip("/") + "/" + quote(segments[0])
