"""Cohorts, memberships and assignments run by trainers."""
