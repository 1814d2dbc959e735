"""Courses: a course's documents, authors and learners, and who may see or author what.

``access`` holds the one set of rules every feature asks: which courses a user may study from,
and which they may author in.
"""
