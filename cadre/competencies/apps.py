from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "cadre.competencies"
    label = "competencies"
    verbose_name = "Competencies"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cadre.competencies.selectors import competencies_search, competency_option
        from cadre.core.pickers import PickerSource, picker_source_register

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
