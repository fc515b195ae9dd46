from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cadre.core"
    label = "core"
    verbose_name = "Cadre core"
