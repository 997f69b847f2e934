"""HTTP controllers: parse requests, call the service, shape responses; no business logic here."""

from api.http.controllers.ask import AskController
from api.http.controllers.caller import CallerController
from api.http.controllers.chat import ChatController
from api.http.controllers.documents import DocumentController
from api.http.controllers.export import ExportController
from api.http.controllers.facts import FactController
from api.http.controllers.health import HealthController
from api.http.controllers.jobs import JobController
from api.http.controllers.knowledge import KnowledgeController
from api.http.controllers.metrics import MetricsController

__all__ = [
    "AskController",
    "CallerController",
    "ChatController",
    "DocumentController",
    "ExportController",
    "FactController",
    "HealthController",
    "JobController",
    "KnowledgeController",
    "MetricsController",
]
