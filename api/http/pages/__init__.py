"""The pages a person uses: documents, one document's evidence, ask, map and jobs.

Each page is a shell rendered by the app (Jinja2, templates/); the app's own script
(static/js/) fills it from the JSON API with the key this browser session entered, so the
pages obey exactly the API's keys and scopes. Article text only ever enters the page as
text nodes, and the Content-Security-Policy (api/http/observability.py) admits no script but the
app's own.
"""

from api.http.pages.routes import home, pages_router, template_config

__all__ = ["home", "pages_router", "template_config"]
