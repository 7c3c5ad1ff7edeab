from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking workbench"

    def ready(self) -> None:
        # Bind shared tasks to our Celery app. Kept out of factcheck/__init__.py
        # so that importing the pure core never imports Celery.
        from . import celery  # noqa: F401
