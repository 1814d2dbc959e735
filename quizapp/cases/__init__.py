"""Branching case studies: the list of cases a learner may play, and playing one step by step."""
