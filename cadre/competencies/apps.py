from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "cadre.competencies"
    label = "competencies"
    verbose_name = "Competencies"
