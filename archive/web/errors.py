"""Error pages that cost a template, not a traceback.

Datasette's own handler prints every exception, a 404 or a bad `?sql=` included, as rich's
traceback with local variables when rich is installed (the project's CLI uses rich): about a
second of the event loop and ~47 KB of log per request, so ten clients sending bad SQL pushed
every reader's wait to seconds. This module answers with the same page or JSON, and the log
gets one line per unexpected error (a 500) only: 4xx answers are in the access log already.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING, Any

from datasette.handle_exception import handle_exception as datasette_handler
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Request, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

if TYPE_CHECKING:
    from datasette.app import Datasette

DATASETTE_MODULE = datasette_handler.__module__


def is_datasette_default(result: Any) -> bool:
    """Whether a handle_exception hook result came from Datasette's default (traceback) handler."""
    return getattr(result, "__module__", None) == DATASETTE_MODULE


def error_response(datasette: Datasette, request: Request, exception: BaseException) -> Any:
    """The coroutine function Datasette awaits for the response to `exception`."""

    async def respond() -> Response:
        title = None
        info: dict[str, Any] = {}
        if isinstance(exception, Base400):
            status, message = exception.status, exception.args[0] if exception.args else ""
        elif isinstance(exception, DatasetteError):
            # Datasette raises it for a visitor's bad input (an unknown sort column…) with 500
            # as the default status: the request was wrong, not the server.
            status = exception.status if exception.status < 500 else 400
            info, title = dict(exception.error_dict), exception.title
            message = Markup(exception.message) if exception.message_is_html else exception.message
        else:
            status, message = 500, "Internal error"
            frame = traceback.extract_tb(exception.__traceback__)[-1:]
            where = f" at {frame[0].filename}:{frame[0].lineno}" if frame else ""
            print(f"error 500 {request.method} {request.path}: {type(exception).__name__}: "
                  f"{str(exception)[:300]}{where}", file=sys.stderr, flush=True)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers: dict[str, str] = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        body = await template.render_async({**info, "urls": datasette.urls,
                                            "app_css_hash": datasette.app_css_hash(),
                                            "menu_links": lambda: []})
        return Response.html(body, status=status, headers=headers)

    return respond
