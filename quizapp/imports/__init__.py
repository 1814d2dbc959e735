"""Importing documents into a course: upload or paste → preview → save (passages, generated
drafts, a generation report), new versions of a document, and content packs (zip) in and out."""
