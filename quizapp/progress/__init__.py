"""A learner's dashboard, progress page and personal data."""
