"""HTTP controllers: parse requests, call the service, shape responses; no business logic here."""

from api.controllers.ask import AskController
from api.controllers.caller import CallerController
from api.controllers.chat import ChatController
from api.controllers.documents import DocumentController
from api.controllers.export import ExportController
from api.controllers.facts import FactController
from api.controllers.health import HealthController
from api.controllers.jobs import JobController
from api.controllers.knowledge import KnowledgeController
from api.controllers.metrics import MetricsController

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
