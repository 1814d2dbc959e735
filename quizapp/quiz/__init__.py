"""Quizzes: building attempts, grading answers, feedback and results."""
