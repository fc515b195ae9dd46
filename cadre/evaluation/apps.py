from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cadre.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        # deferred: apps' modules load models, which need the app registry ready
        from cadre.catalogue.hooks import review_flag_source_register

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.delivery.hooks import course_effect_source_register

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.evaluation.hooks_impl import catalogue_review_flags, delivery_course_effects

        review_flag_source_register(catalogue_review_flags)
        course_effect_source_register(delivery_course_effects)

        # deferred: the kinds read evaluation's selectors and models, loadable only once apps are ready
        from cadre.evaluation.translatable import register as register_translatable

        register_translatable()
