from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "cadre.strategy"
    label = "strategy"

    def ready(self) -> None:
        # deferred: the kinds read strategy's selectors and models, loadable only once apps are ready
        from cadre.strategy.translatable import register as register_translatable

        register_translatable()
