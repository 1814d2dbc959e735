"""Learner, cohort, item-analysis and live-session reports with exports."""
