from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "cadre.needs"
    label = "needs"
