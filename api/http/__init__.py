"""The HTTP edge: the Litestar app, controllers, pages, access control, observability, OpenAPI."""
