from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cadre.community"
    label = "community"
