from django.apps import AppConfig


class Cmi5Config(AppConfig):
    name = "cadre.cmi5"
    label = "cmi5"
    verbose_name = "cmi5 (LMS side)"

    def ready(self) -> None:
        # Imported here, not at the top: Django imports apps.py before the app registry is ready,
        # and both modules import models (a top-level import raises AppRegistryNotReady).
        # deferred: both modules import models, not loadable before the app registry is ready
        from cadre.cmi5.services.rules import Cmi5Guard

        # deferred: imports lrs models, not loadable before the app registry is ready
        from cadre.lrs.services.launch import launch_guard_register

        launch_guard_register(Cmi5Guard())
