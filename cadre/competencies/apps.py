from django.apps import AppConfig

from cadre.core.pickers import PickerSource, picker_source_register


class CompetenciesConfig(AppConfig):
    name = "cadre.competencies"
    label = "competencies"
    verbose_name = "Competencies"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # deferred: ready() runs once the app registry is loaded; the module reads models
        from cadre.competencies.selectors import competencies_search, competency_option

        picker_source_register(
            PickerSource(
                name="competencies",
                search=competencies_search,
                describe=competency_option,
                key_field="code",
                related=("framework",),
                placeholder=_("Competency code or title"),
                hint=_("Type a competency code or title"),
            )
        )
        # deferred: the kinds read competencies's selectors and models, loadable only once apps are ready
        from cadre.competencies.translatable import register as register_translatable

        register_translatable()
