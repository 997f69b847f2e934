"""Run the service: python -m api (host and port from CITYLINKS_HOST / CITYLINKS_PORT)."""

from __future__ import annotations

import uvicorn

from api.http.app import create_app
from api.http.observability import configure_logging
from api.settings import Settings


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level, json_lines=settings.log_format == "json")
    # Our own log line per request (with its id) replaces uvicorn's access log.
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
