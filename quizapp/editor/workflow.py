"""Which status an item may move to from which, and what each bulk action does.

draft → in review → published → retired, with retired → published (revived), in review → draft
(sent back) and draft → published or retired straight from the draft list. Nothing goes back to
draft once learners could have seen it. Pure: no Flask, no database.
"""

from __future__ import annotations

from quizapp.enums import BulkAction, ItemStatus

__all__ = ["ACTION_LABELS", "BULK_TARGETS", "TRANSITIONS", "allowed_targets", "can_move"]

TRANSITIONS: dict[ItemStatus, tuple[ItemStatus, ...]] = {
    ItemStatus.DRAFT: (ItemStatus.IN_REVIEW, ItemStatus.PUBLISHED, ItemStatus.RETIRED),
    ItemStatus.IN_REVIEW: (ItemStatus.PUBLISHED, ItemStatus.DRAFT, ItemStatus.RETIRED),
    ItemStatus.PUBLISHED: (ItemStatus.RETIRED,),
    ItemStatus.RETIRED: (ItemStatus.PUBLISHED,),
}

#: what the button that moves an item to a status says
ACTION_LABELS: dict[ItemStatus, str] = {
    ItemStatus.DRAFT: "Back to draft",
    ItemStatus.IN_REVIEW: "Send to review",
    ItemStatus.PUBLISHED: "Publish",
    ItemStatus.RETIRED: "Retire",
}


def allowed_targets(status: str) -> tuple[ItemStatus, ...]:
    """The statuses an item in ``status`` may move to (none for an unknown status)."""
    try:
        return TRANSITIONS[ItemStatus(status)]
    except ValueError:
        return ()


def can_move(status: str, target: str) -> bool:
    """True when an item in ``status`` may move to ``target``."""
    return target in allowed_targets(status)


#: the status each bulk action moves items to (assigning a topic moves none)
BULK_TARGETS: dict[BulkAction, ItemStatus] = {
    BulkAction.PUBLISH: ItemStatus.PUBLISHED,
    BulkAction.SEND_TO_REVIEW: ItemStatus.IN_REVIEW,
    BulkAction.BACK_TO_DRAFT: ItemStatus.DRAFT,
    BulkAction.RETIRE: ItemStatus.RETIRED,
}
