from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking workbench"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Bind shared tasks to our Celery app. Kept out of factcheck/__init__.py
        # so that importing the pure core never imports Celery.
        from . import celery  # noqa: F401
        from .models import PlaceAlias, Speaker
        from .stories import forget_match_config

        # Aliases are handed to the matcher in its config, cached briefly: an admin's edit
        # of a place alias or a speaker's aliases applies to the next comparison.
        for model in (PlaceAlias, Speaker):
            post_save.connect(forget_match_config, sender=model, dispatch_uid=f"match-config-{model.__name__}")
            post_delete.connect(forget_match_config, sender=model, dispatch_uid=f"match-config-{model.__name__}-d")
