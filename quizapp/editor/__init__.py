"""The item editor: a course's item list with filters and bulk actions, the item form built from
the question-kind registry (live preview, quote picker, quality gates), the review workflow and
each item's history."""
