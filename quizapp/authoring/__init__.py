"""Authoring groundwork: import a trainer's document and draft items from it.

Pure: no Flask, no database. The public entry points are

* :func:`quizapp.authoring.extract.extract` / :func:`~quizapp.authoring.extract.extract_pasted`
  — bytes or pasted text -> normalised :class:`~quizapp.authoring.extract.ExtractedText`,
  or a typed :class:`~quizapp.authoring.errors.ExtractionError`;
* :func:`quizapp.authoring.passages.split_passages` — text -> passages with stable anchors;
  :func:`quizapp.authoring.documents.import_document` does both steps for a preview;
* :func:`quizapp.authoring.versions.match_versions` and
  :func:`~quizapp.authoring.versions.stale_quotes` — a new version of a document;
* :func:`quizapp.authoring.drafts.draft_items` — passages -> draft items and a report.
"""
