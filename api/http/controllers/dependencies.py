"""What the controllers share: their dependencies (registered once, on the app), the page a
list route is asked for, and the query parameter of dates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import Parameter

from api.errors import InvalidInput
from api.http.access import provide_caller
from api.settings import LARGEST_PAGE, Settings
from schemas.http import Page

IsoDate = Annotated[
    str | None,
    Parameter(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date, YYYY[-MM[-DD]]."),
]
Limit = Annotated[int | None, Parameter(ge=1, le=LARGEST_PAGE, description="Page size.")]
# Bounded so that the databases' integers hold it.
Offset = Annotated[int, Parameter(ge=0, le=2**31 - 1, description="Items to skip.")]


@dataclass(frozen=True)
class Window:
    """The page a list route is asked for: `limit` items (checked against the settings) after
    the first `offset`."""

    limit: int
    offset: int

    def page(self, items: Sequence[Any], total: int) -> Page[Any]:
        """The page of a list cut by the database: `items` are this page's, of `total`."""
        return Page(items=list(items), total=total, limit=self.limit, offset=self.offset)

    def cut(self, items: Sequence[Any]) -> Page[Any]:
        """The page of a whole list held in memory."""
        return self.page(items[self.offset : self.offset + self.limit], len(items))

    @classmethod
    def asked(cls, settings: Settings, limit: int | None, offset: int) -> Window:
        """The page a request's `limit` and `offset` ask for (the handler's own parameters, so
        that one 400 names every invalid field): the default size where it gives none, and a
        refusal above the configured maximum."""
        if limit is not None and limit > settings.max_page_size:
            raise InvalidInput(
                f"limit {limit} is above the largest page size, {settings.max_page_size} "
                "(CITYLINKS_MAX_PAGE_SIZE)"
            )
        return cls(limit or min(settings.default_page_size, settings.max_page_size), offset)


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
