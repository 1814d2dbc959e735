"""Filter forms of the reports. They are GET forms (bookmarkable, no state change): no CSRF
token."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, HiddenField, SelectChoice, SelectField
from wtforms.validators import AnyOf, Optional, ValidationError

from quizapp.core.base_form import BaseForm
from quizapp.reports.cohort_report import SORT_KEYS
from quizapp.reports.item_table import FLAG_FILTERS, ITEM_SORT_KEYS


def _int_or_none(value: Any) -> int | None:
    """'' and None become None; anything else must be an integer."""
    if value in (None, "", "None"):
        return None
    return int(value)


class _GetForm(BaseForm):
    """Base of the report filters: read from the query string, no CSRF."""

    class Meta:
        csrf = False


class CohortFilterForm(_GetForm):
    """Date range, assignment and sort order of the cohort report."""

    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    assignment = SelectField(
        "Assignment", coerce=_int_or_none, validate_choice=False, validators=[Optional()]
    )
    sort = HiddenField(default="learner")
    dir = HiddenField(
        default="asc",
        validators=[Optional(), AnyOf(("asc", "desc"), message="Unknown sort direction.")],
    )

    #: the query-string keys that links from the report (sorting, downloads) carry along
    LINK_KEYS = ("date_from", "date_to", "assignment", "sort", "dir")

    def validate_date_to(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def validate_sort(self, field: HiddenField) -> None:
        """A known column key, or a topic column ``t<id>``."""
        value = field.data or "learner"
        if value not in SORT_KEYS and not (value.startswith("t") and value[1:].isdigit()):
            raise ValidationError("Unknown sort column.")


class ItemFilterForm(_GetForm):
    """Scope of the item analysis."""

    cohort = SelectField(
        "Cohort", coerce=_int_or_none, validate_choice=False, validators=[Optional()]
    )
    assignment = SelectField(
        "Assignment", coerce=_int_or_none, validate_choice=False, validators=[Optional()]
    )
    live = BooleanField("Include live-session answers (1 if correct, 0 otherwise)")
    #: a course slug: only that course's items are listed (choices set by the view)
    course = SelectField("Course", validate_choice=False, validators=[Optional()])
    topic = SelectField(
        "Topic", coerce=_int_or_none, validate_choice=False, validators=[Optional()]
    )
    flag = SelectField(
        "Flag",
        choices=[SelectChoice(k, v) for k, v in FLAG_FILTERS.items()],
        validators=[Optional()],
    )
    sort = HiddenField(
        default="flags",
        validators=[Optional(), AnyOf(ITEM_SORT_KEYS, message="Unknown sort column.")],
    )
    dir = HiddenField(
        default="asc",
        validators=[Optional(), AnyOf(("asc", "desc"), message="Unknown sort direction.")],
    )
