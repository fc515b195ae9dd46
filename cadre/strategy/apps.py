from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "cadre.strategy"
    label = "strategy"
