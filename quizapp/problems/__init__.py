""" "Report a problem with this item": learners' reports and the authors' review queue."""
