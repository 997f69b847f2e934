"""Who is calling: the pages ask it once to learn which buttons the key may use."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from api.http.access import caller_of
from api.settings import Settings
from api.storage.keys import SCOPES
from schemas.http import CallerOut


class CallerController(Controller):
    path = "/whoami"
    tags = ["access"]

    @get(
        "/",
        summary="The calling API key's name and scopes (any valid key may ask)",
        opt={"authenticates": True},
    )
    async def whoami(self, request: Request[Any, Any, Any]) -> CallerOut:
        settings: Settings = request.app.state.settings
        caller = await caller_of(request, settings)
        return CallerOut(
            name=caller.name,
            key_id=caller.key_id,
            scopes=[scope for scope in SCOPES if scope in caller.scopes],
            keys_required=settings.keys_required,
        )
