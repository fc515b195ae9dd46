from django.apps import AppConfig


class LrsConfig(AppConfig):
    name = "cadre.lrs"
    label = "lrs"
