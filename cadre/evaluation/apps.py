from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cadre.evaluation"
    label = "evaluation"
