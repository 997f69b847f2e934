"""Run the service: python -m api (host and port from CITYLINKS_HOST / CITYLINKS_PORT)."""

from __future__ import annotations

import logging

import uvicorn

from api.app import create_app
from api.settings import Settings


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
