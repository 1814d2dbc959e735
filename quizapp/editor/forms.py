"""The editor's forms: the item list's filters and bulk action, and the item form, whose body
fields are built from the kind's ``editor_fields`` in the question-kind registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from quizapp.core.base_form import BaseForm
from quizapp.editor.services import ItemDraft
from quizapp.enums import BulkAction, ItemOrigin, ItemStatus
from quizapp.items.forms import CheckboxListField
from quizapp.items.kinds import EditorField, QuestionKind, all_kinds, kind_label

__all__ = [
    "MAX_OPTIONS",
    "MAX_PAIRS",
    "BodyBlock",
    "BulkForm",
    "ItemFilterForm",
    "ItemForm",
    "StatusForm",
    "body_blocks",
    "body_values",
    "draft_from",
    "fill_body",
    "fill_form",
    "item_form_class",
]

MAX_OPTIONS = 6
MAX_PAIRS = 6
_ANY = SelectChoice("", "Any")


class ItemFilterForm(BaseForm):
    """The item list's filters (a GET form: no CSRF token)."""

    class Meta(BaseForm.Meta):
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=200)])
    status = SelectField(
        "Status", choices=[_ANY] + [SelectChoice(s.value, s.label) for s in ItemStatus], default=""
    )
    kind = SelectField("Kind", default="")
    topic = SelectField("Topic", default="")
    passage = SelectField("Passage", default="")
    review = SelectField(
        "Needs review",
        choices=[_ANY, SelectChoice("yes", "Needs review"), SelectChoice("no", "Reviewed")],
        default="",
    )
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1)])

    def set_choices(self, topics: list[tuple[int, str]], passages: list[tuple[int, str]]) -> None:
        """Kinds from the registry; topics and passages of the course."""
        self.kind.choices = [_ANY] + [SelectChoice(k, kind_label(k)) for k in all_kinds()]
        self.topic.choices = [_ANY] + [SelectChoice(str(i), label) for i, label in topics]
        self.passage.choices = [_ANY] + [SelectChoice(str(i), label) for i, label in passages]


class BulkForm(BaseForm):
    """One action on the checked items of the list."""

    item_ids = CheckboxListField("Items", coerce=int, validate_choice=False)
    action = SelectField("Action", choices=[SelectChoice(a.value, a.label) for a in BulkAction])
    topic_id = SelectField("Topic (for Assign topic)", coerce=int, validators=[Optional()])
    submit = SubmitField("Apply to checked items")


class StatusForm(BaseForm):
    """A workflow button: move the item to ``target``."""

    target = HiddenField(validators=[InputRequired()])


class ItemForm(BaseForm):
    """What every item has; :func:`item_form_class` adds the kind's body fields."""

    explanation = TextAreaField(
        "Explanation (shown after answering)",
        validators=[InputRequired("Explain the answer."), Length(max=4000)],
    )
    topic_id = SelectField("Topic", coerce=int)
    difficulty = FloatField(
        "Difficulty (0 easy – 1 hard)",
        default=0.5,
        validators=[InputRequired("Give a difficulty."), NumberRange(0.0, 1.0)],
    )
    origin = RadioField(
        "Source",
        choices=[
            SelectChoice(ItemOrigin.DOCUMENT.value, "A passage of a course document"),
            SelectChoice(ItemOrigin.BACKGROUND.value, "Background law (instrument and provision)"),
        ],
        default=ItemOrigin.DOCUMENT.value,
    )
    passage_id = SelectField("Passage", coerce=int, default=0)
    quote = TextAreaField(
        "Quote (verbatim from the passage)", validators=[Optional(), Length(max=4000)]
    )
    instrument = StringField("Instrument", validators=[Optional(), Length(max=200)])
    provision = StringField("Provision", validators=[Optional(), Length(max=200)])
    clear_review = BooleanField("The source is checked: clear the needs-review flag")
    preview = SubmitField("Preview")
    save = SubmitField("Save")


def _key_field(kind: QuestionKind, f: EditorField) -> Field:
    if f.choices:
        return RadioField(
            f.label, choices=[SelectChoice(c, c) for c in f.choices], validate_choice=False
        )
    choices = [SelectChoice(str(i), f"Option {i + 1} is correct") for i in range(MAX_OPTIONS)]
    if kind.single_key:
        return RadioField(f.label, choices=choices, validate_choice=False)
    return CheckboxListField(f.label, choices=choices, validate_choice=False)


def _keyed_options(kind: QuestionKind) -> bool:
    return any(f.shape == "keys" and not f.choices for f in kind.editor_fields)


def item_form_class(kind: QuestionKind) -> type[ItemForm]:
    """The item form for ``kind``: a prompt (unless a body field is the prompt) and one input
    per editor field (option rows with their "correct" ticks, pair rows, lines, text)."""
    fields: dict[str, Any] = {}
    if kind.prompt_field is None:
        fields["prompt"] = TextAreaField(
            "Question (prompt)", validators=[InputRequired("Write the question."), Length(max=4000)]
        )
    for f in kind.editor_fields:
        name = f"b_{f.name}"
        if f.shape == "keys":
            fields[name] = _key_field(kind, f)
        elif f.shape == "pairs":
            for i in range(MAX_PAIRS):
                fields[f"{name}_{i}_left"] = StringField(f"Row {i + 1}: left", [Length(max=300)])
                fields[f"{name}_{i}_right"] = StringField(f"Row {i + 1}: right", [Length(max=300)])
        elif f.shape == "lines" and f.name == "options" and _keyed_options(kind):
            for i in range(MAX_OPTIONS):
                fields[f"{name}_{i}"] = StringField(f"Option {i + 1}", [Length(max=300)])
        elif f.shape in ("lines", "long_text"):
            fields[name] = TextAreaField(f.label, [Length(max=4000)])
        else:
            fields[name] = StringField(f.label, [Length(max=300)])
    return type(f"{type(kind).__name__}ItemForm", (ItemForm,), fields)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def body_values(form: ItemForm, kind: QuestionKind) -> tuple[dict[str, Any], list[str]]:
    """The editor values the form holds (see ``QuestionKind.editor_body``), and messages for
    rows filled in half."""
    values: dict[str, Any] = {}
    half: list[str] = []
    options = [
        (str(i), (form[f"b_options_{i}"].data or "").strip())
        for i in range(MAX_OPTIONS)
        if f"b_options_{i}" in form
    ]
    for f in kind.editor_fields:
        field = form._fields.get(f"b_{f.name}")
        if f.shape == "keys" and f.choices:
            values[f.name] = [field.data] if field is not None and field.data else []
        elif f.shape == "keys":
            ticked = field.data if field is not None else None
            ticked = [ticked] if isinstance(ticked, str) else list(ticked or [])
            values[f.name] = [text for index, text in options if text and index in ticked]
        elif f.shape == "pairs":
            pairs = []
            for i in range(MAX_PAIRS):
                left = (form[f"b_{f.name}_{i}_left"].data or "").strip()
                right = (form[f"b_{f.name}_{i}_right"].data or "").strip()
                if left and right:
                    pairs.append([left, right])
                elif left or right:
                    half.append(f"row {i + 1}: fill both sides of the pair, or neither")
            values[f.name] = pairs
        elif f.shape == "lines" and options and f.name == "options":
            values[f.name] = [text for _, text in options if text]
        elif f.shape == "lines":
            values[f.name] = _lines(field.data if field is not None else "")
        else:
            values[f.name] = ((field.data if field is not None else "") or "").strip()
    return values, half


def fill_body(form: ItemForm, kind: QuestionKind, values: dict[str, Any]) -> None:
    """Put a saved item's editor values into the form's body fields."""
    options = list(values.get("options", []) or [])
    for f in kind.editor_fields:
        value = values.get(f.name)
        name = f"b_{f.name}"
        if f.shape == "keys" and f.choices:
            form[name].data = value[0] if value else None
        elif f.shape == "keys":
            ticked = [str(options.index(v)) for v in value or [] if v in options]
            form[name].data = (ticked[0] if ticked else None) if kind.single_key else ticked
        elif f.shape == "pairs":
            for i, (left, right) in enumerate((value or [])[:MAX_PAIRS]):
                form[f"{name}_{i}_left"].data = left
                form[f"{name}_{i}_right"].data = right
        elif f.shape == "lines" and f"{name}_0" in form:
            for i, text in enumerate(options[:MAX_OPTIONS]):
                form[f"{name}_{i}"].data = text
        elif f.shape == "lines":
            form[name].data = "\n".join(value or [])
        else:
            form[name].data = value or ""


@dataclass(frozen=True)
class BodyBlock:
    """How the template lays out one editor field: ``rows`` of (field, key field) for options,
    ``pairs`` of (left, right), or one ``field``."""

    spec: EditorField
    layout: str
    field: Field | None = None
    rows: tuple[tuple[Field, Any], ...] = ()


def body_blocks(form: ItemForm, kind: QuestionKind) -> list[BodyBlock]:
    """The body fields in the registry's order, grouped for the template."""
    blocks = []
    for f in kind.editor_fields:
        name = f"b_{f.name}"
        if f.shape == "keys" and not f.choices:
            continue  # ticked within the option rows
        if f.shape == "pairs":
            rows = tuple(
                (form[f"{name}_{i}_left"], form[f"{name}_{i}_right"]) for i in range(MAX_PAIRS)
            )
            blocks.append(BodyBlock(f, "pairs", rows=rows))
        elif f"{name}_0" in form:
            keys = next(k.name for k in kind.editor_fields if k.shape == "keys")
            ticks = list(form[f"b_{keys}"])
            rows = tuple((form[f"{name}_{i}"], ticks[i]) for i in range(MAX_OPTIONS))
            blocks.append(BodyBlock(f, "options", rows=rows))
        else:
            blocks.append(BodyBlock(f, f.shape, field=form[name]))
    return blocks


def draft_from(form: ItemForm, kind: QuestionKind) -> tuple[ItemDraft, list[str]]:
    """The item the form describes (body made by the kind), and messages for half-filled rows."""
    values, half = body_values(form, kind)
    try:
        body = kind.editor_body(values)
    except ValueError as error:  # a body the kind cannot read (a case's YAML steps)
        body = {}
        half.append(str(error))
    prompt = str(values[kind.prompt_field]) if kind.prompt_field else form["prompt"].data or ""
    draft = ItemDraft(
        kind=kind.name,
        prompt=prompt.strip(),
        body=body,
        explanation=(form.explanation.data or "").strip(),
        topic_id=form.topic_id.data or 0,
        difficulty=form.difficulty.data if form.difficulty.data is not None else 0.5,
        origin=form.origin.data or ItemOrigin.DOCUMENT.value,
        passage_id=form.passage_id.data or None,
        quote=form.quote.data,
        instrument=(form.instrument.data or "").strip() or None,
        provision=(form.provision.data or "").strip() or None,
        clear_review=bool(form.clear_review.data),
    )
    return draft, half


def fill_form(form: ItemForm, kind: QuestionKind, draft: ItemDraft) -> None:
    """Put a saved item into the form (an edit page's first view)."""
    if "prompt" in form:
        form["prompt"].data = draft.prompt
    form.explanation.data = draft.explanation
    form.topic_id.data = draft.topic_id
    form.difficulty.data = draft.difficulty
    form.origin.data = draft.origin
    form.passage_id.data = draft.passage_id or 0
    form.quote.data = draft.quote or ""
    form.instrument.data = draft.instrument or ""
    form.provision.data = draft.provision or ""
    fill_body(form, kind, kind.editor_values(draft.body))
