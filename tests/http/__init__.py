"""Tests of the HTTP edge: the API, access, chat, export, observability, limits, OpenAPI and the pages."""
