from django.apps import AppConfig


class Cmi5Config(AppConfig):
    name = "cadre.cmi5"
    label = "cmi5"
    verbose_name = "cmi5 (LMS side)"

    def ready(self) -> None:
        from cadre.cmi5.services.rules import Cmi5Guard
        from cadre.lrs.launch import launch_guard_register

        launch_guard_register(Cmi5Guard())
