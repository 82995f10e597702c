"""The audit actions of cases (rows never hold a sealed value: only ids, codes of fields)."""

from __future__ import annotations

from enum import StrEnum


class CaseAudit(StrEnum):
    OPEN = "case.open"
    OPEN_BATCH = "case.open_batch"
    UPDATE = "case.update"
    READ = "case.read"
    LIST = "case.list"
    ACTION_ADD = "case.action_add"
    ACTION_OUTCOME = "case.action_outcome"
    ACTIONS_IMPORT = "case.actions_import"
    EXPORT = "case.export"
    LETTER = "case.letter"
    DIRECTORY_ADD = "case.directory_add"
    DIRECTORY_CHANGE = "case.directory_change"
