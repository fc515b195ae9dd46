from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cadre.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        # deferred: the kinds read evaluation's selectors and models, loadable only once apps are ready
        from cadre.evaluation.translatable import register as register_translatable

        register_translatable()
