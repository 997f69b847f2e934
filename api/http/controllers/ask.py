"""Question answering over the stored articles: POST /ask."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from api.answering.answerer import Answerer, Turn
from api.errors import InvalidInput
from api.language.names import fold
from api.settings import Settings
from api.storage.store import Store
from schemas.http import AskIn, AskOut


class AskController(Controller):
    tags = ["questions"]
    opt = {"scope": "read", "rate_limit": "questions"}

    @post(
        "/ask",
        summary="Answer a question from the stored articles, with verified citations",
        status_code=200,
    )
    async def answer_question(
        self,
        data: JSONBody[AskIn],
        answerer: NamedDependency[Answerer],
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
    ) -> AskOut:
        if len(data.question) > settings.max_question_chars:
            raise InvalidInput(
                f"the question has {len(data.question)} characters; the limit is "
                f"{settings.max_question_chars} (CITYLINKS_MAX_QUESTION_CHARS)"
            )
        document_ids = data.document_ids
        if data.place:
            with_place = await store.facts.documents_with(fold(data.place))
            document_ids = (
                [d for d in document_ids if d in with_place] if document_ids else with_place
            )
            if not document_ids:
                document_ids = ["-"]  # no document names the place: nothing can be cited
        return await answerer.ask([Turn("user", data.question)], document_ids)
