from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """The questionnaire: the XLSForm workbook, its compiled form, the validator."""

    name = "kua.questionnaires"
    # The label the app had as `kua.forms`: its tables (kua_forms_*) and migrations keep their
    # names, so an existing database needs no migration for the rename.
    label = "kua_forms"
