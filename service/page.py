"""The review page at `/`, its CSS and JS, and `/docs` with Swagger UI served from this process.

Nothing is fetched from another host: the page, its stylesheet and script are
package data (`tactful/service/static/`), and Swagger UI's bundle and stylesheet
come from the `swagger-ui-py` package's copy, read once at start-up. The page
needs no API key to load; its calls to `/v1/*` send the key the person typed,
which the page keeps in the tab's sessionStorage only.
"""
from __future__ import annotations

from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Optional

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import Response

from tactful.service.errors import HTTPProblem

# The page loads only what this process serves, and talks only to it.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
OWN = {"review.css": "text/css; charset=utf-8", "review.js": "text/javascript; charset=utf-8"}
SWAGGER = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
           "favicon-32x32.png": "image/png"}


def swagger_dir() -> Optional[Path]:
    """Swagger UI's files as the `swagger-ui-py` package ships them (found without importing it)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def install_page(app: FastAPI) -> None:
    static = resources.files("tactful.service").joinpath("static")
    files: dict[str, tuple[bytes, str]] = {name: (static.joinpath(name).read_bytes(), kind) for name, kind in OWN.items()}
    page = static.joinpath("review.html").read_bytes()
    swagger = swagger_dir()
    if swagger is not None:
        files.update({name: ((swagger / name).read_bytes(), kind) for name, kind in SWAGGER.items()})
    cache = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

    @app.get("/", include_in_schema=False)
    async def review_page() -> Response:
        return Response(page, media_type="text/html; charset=utf-8",
                        headers={**cache, "Content-Security-Policy": PAGE_CSP, "Referrer-Policy": "no-referrer"})

    @app.get("/static/{name}", include_in_schema=False)
    async def static_file(name: str) -> Response:
        found = files.get(name)
        if found is None:
            raise HTTPProblem(404, f"no static file {name!r}", "not_found")
        return Response(found[0], media_type=found[1], headers=cache)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        if swagger is None:
            raise HTTPProblem(503, "Swagger UI's files are not installed (pip install swagger-ui-py); "
                                   "/openapi.json has the API description", "not_ready")
        return get_swagger_ui_html(openapi_url="openapi.json", title=f"{app.title} API",
                                   swagger_js_url="static/swagger-ui-bundle.js", swagger_css_url="static/swagger-ui.css",
                                   swagger_favicon_url="static/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})
