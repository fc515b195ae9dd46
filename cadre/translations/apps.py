from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "cadre.translations"
    label = "translations"
