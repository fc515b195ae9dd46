from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "cadre.practices"
    label = "practices"
