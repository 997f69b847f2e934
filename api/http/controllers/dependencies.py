"""What the controllers share: their dependencies (registered once, on the app), and the
query parameters of pages and dates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import Parameter

from api.errors import InvalidInput
from api.http.access import provide_caller
from api.settings import LARGEST_PAGE, Settings

IsoDate = Annotated[
    str | None,
    Parameter(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date, YYYY[-MM[-DD]]."),
]
Limit = Annotated[int | None, Parameter(ge=1, le=LARGEST_PAGE, description="Page size.")]
# Bounded so that the databases' integers hold it.
Offset = Annotated[int, Parameter(ge=0, le=2**31 - 1, description="Items to skip.")]


def page_size(settings: Settings, limit: int | None) -> int:
    """The requested page size, or the default; above the configured maximum is refused."""
    if limit is not None and limit > settings.max_page_size:
        raise InvalidInput(
            f"limit {limit} is above the largest page size, {settings.max_page_size} "
            "(CITYLINKS_MAX_PAGE_SIZE)"
        )
    return limit or min(settings.default_page_size, settings.max_page_size)


def _from_state(name: str) -> Callable[[State], Any]:
    """A provider of the runtime's part that the app's state holds under `name`."""

    def provide(state: State) -> Any:
        return getattr(state, name)

    return provide


# The dependencies every handler may name: the runtime's parts, and who is calling.
DEPENDENCIES = {
    **{
        name: Provide(_from_state(name), sync_to_thread=False)
        for name in ("store", "settings", "service", "answerer", "jobs")
    },
    "caller": Provide(provide_caller, sync_to_thread=False),
}
