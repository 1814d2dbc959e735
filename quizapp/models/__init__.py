"""Typed models, one module per capability; importing this package registers them all."""

from quizapp.models.accounts import Role, User
from quizapp.models.cases import CaseDecision, CaseRun
from quizapp.models.cohorts import Assignment, Cohort, Membership
from quizapp.models.content import (
    ContentRelease,
    Item,
    ItemRevision,
    Passage,
    Topic,
)
from quizapp.models.content_version import ContentVersion
from quizapp.models.courses import (
    BUILTIN_COURSE_SLUG,
    Course,
    CourseAuthor,
    CourseEnrolment,
    DocumentVersion,
    SourceDocument,
)
from quizapp.models.imports import CourseTerm, GenerationReport
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession
from quizapp.models.problems import ProblemReport
from quizapp.models.quiz import Attempt, Response
from quizapp.models.ratelimit import RateLimitCounter
from quizapp.models.sessions import UserSession
from quizapp.models.study import CardState, ReviewLog
from quizapp.models.tallies import LearnerItemDay

__all__ = [
    "BUILTIN_COURSE_SLUG",
    "Assignment",
    "Attempt",
    "CardState",
    "CaseDecision",
    "CaseRun",
    "Cohort",
    "ContentRelease",
    "ContentVersion",
    "Course",
    "CourseAuthor",
    "CourseEnrolment",
    "CourseTerm",
    "DocumentVersion",
    "GenerationReport",
    "Item",
    "ItemRevision",
    "LearnerItemDay",
    "LiveAnswer",
    "LiveParticipant",
    "LiveSession",
    "Membership",
    "Passage",
    "ProblemReport",
    "RateLimitCounter",
    "Response",
    "ReviewLog",
    "Role",
    "SourceDocument",
    "Topic",
    "User",
    "UserSession",
]
