"""One list of page kinds for the browser-wide checks (accessibility, no sideways scroll on a
phone): every kind of page as a visitor, a guest on a phone in a live session, a learner (in the
middle of a quiz too), a trainer and an admin, with data that stretches them — a cohort of learners
with long names and emails, assignments, quiz answers for the reports and item analysis, and live
sessions in every phase — and an authored course with its import and editor pages
(``course_pages.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, ViewportSize

from quizapp.content.bank import build_bank
from quizapp.content.services import sync_bank
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.items.kinds import live_kinds
from quizapp.live import play
from quizapp.live import services as live
from quizapp.live.rules import Step
from quizapp.models import Item, LiveSession, Membership, Topic, User
from tests import factories
from tests.browser.conftest import answer_any
from tests.browser.course_pages import CourseWorld, build_course_world, course_tour

ROOT = Path(__file__).resolve().parents[2]
LONG_NAMES = (
    "Maximiliana Featherstonehaugh-Oyelaran",
    "Bartholomew Wolfeschlegelsteinhausen",
    "Nguyễn Thị Minh Khai Hoàng-Trương",
)
COHORT_NAME = "Labour inspectors of the northern and southern regional offices, 2026 intake"
NICKNAME = "Featherstonehaugh-Oyelar"  # 24 characters, the most a nickname may have


@dataclass(frozen=True)
class World:
    """Ids and codes the page list needs."""

    cohort: int
    learner: int
    quiz_assignment: int
    goal_assignment: int
    pins: dict[str, str]
    sessions: dict[str, int]
    course: CourseWorld


def _email(name: str) -> str:
    local = name.split()[0].lower().encode("ascii", "ignore").decode() or "learner"
    return f"{local}.featherstonehaugh-oyelaran@ministry-of-labour-and-employment.example.org"


def _live_session(
    trainer: User, cohort_id: int | None, item_ids: list[int], phase: str
) -> LiveSession:
    """A session moved on to ``phase``, with a long-named guest who answered the first question."""
    choice = live.NewSession(
        title=f"{COHORT_NAME} — live review ({phase})",
        cohort_id=cohort_id,
        topic_id=None,
        kinds=live_kinds(),
        count=len(item_ids),
        picked_item_ids=tuple(item_ids),
        seconds_per_question=None,
        allow_guests=True,
        speed_bonus=True,
        show_leaderboard=True,
    )
    session = live.create_session(trainer, choice)
    guest = play.join(session, user=None, nickname=NICKNAME)
    path = ["question", "reveal", "leaderboard", "ended"]
    for target in path[: path.index(phase) + 1] if phase != "lobby" else []:
        step = Step(session.phase, session.question_index)
        if target == "ended":
            live.end_session(session, step)
        else:
            live.advance(session, step)
        if target == "question":
            item = db.session.get(Item, item_ids[0])
            assert item is not None
            play.submit_answer(
                session, guest, question_index=0, raw=item.body["answer"][:1] or ["True"]
            )
    return session


def build_world() -> World:
    """The content, people and activity every page kind is shown with."""
    sync_bank(build_bank(ROOT))
    factories.make_user("admin@example.org", role="admin", name="Ada Administrator-Lovelace")
    trainer = factories.make_user("trainer@example.org", role="trainer", name=LONG_NAMES[0])
    co_trainer = factories.make_user(_email("Co"), role="trainer", name="Cornelius Co-Trainer")
    learner = factories.make_user("learner@example.org", name="Lena Learner")
    others = [factories.make_user(_email(name), name=name) for name in LONG_NAMES]
    cohort = factories.make_cohort(trainer, COHORT_NAME, learners=(learner, *others))
    cohort.description = "Monthly refresher for inspectors who meet migrant workers in the field."
    factories.make_cohort(co_trainer, "Second cohort", learners=(learner,))
    db.session.add(Membership(cohort_id=cohort.id, user_id=co_trainer.id, role="trainer"))
    topics = list(db.session.scalars(sa.select(Topic).order_by(Topic.position).limit(2)))
    quiz_items = list(
        db.session.scalars(
            sa.select(Item)
            .where(Item.kind.in_(live_kinds()), Item.status == ItemStatus.PUBLISHED)
            .order_by(Item.id)
            .limit(6)
        )
    )
    quiz = factories.make_assignment(
        cohort, topics=tuple(topics), title=f"{COHORT_NAME}: end-of-module quiz on every topic"
    )
    goal = factories.make_assignment(
        cohort,
        kind="flashcards",
        topics=tuple(topics),
        title="Flashcard goal before the next workshop",
    )
    for n, person in enumerate([learner, *others]):
        factories.make_scored_attempt(
            person,
            [(item, float((i + n) % 3 != 0)) for i, item in enumerate(quiz_items)],
            assignment=quiz,
        )
        for item in quiz_items[:3]:
            factories.make_review(person, item, rating=2 + (n % 3))
    ids = [item.id for item in quiz_items[:3]]
    sessions = {
        phase: _live_session(trainer, cohort.id, ids, phase)
        for phase in ("lobby", "question", "reveal", "leaderboard", "ended")
    }
    ended = sessions["ended"]
    authored = build_course_world(trainer)
    db.session.flush()
    return World(
        cohort=cohort.id,
        learner=learner.id,
        quiz_assignment=quiz.id,
        goal_assignment=goal.id,
        pins={phase: s.pin for phase, s in sessions.items()},
        sessions={phase: s.id for phase, s in sessions.items()} | {"report": ended.id},
        course=authored,
    )


def login(page: Page, base: str, email: str) -> None:
    """Sign in through the form and land on the dashboard."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")


def tour(
    browser: Browser, base: str, world: World, viewport: ViewportSize
) -> Iterator[tuple[str, Page]]:
    """Open every page kind in turn; yields (label, page) with the page showing it."""

    def visit(page: Page, path: str) -> tuple[str, Page]:
        page.goto(base + path)
        return path, page

    def shown(label: str, page: Page) -> tuple[str, Page]:
        # A click that navigates returns before the new page is complete: check it once loaded.
        page.wait_for_load_state()
        return label, page

    visitor = browser.new_context(viewport=viewport).new_page()
    for path in ("/", "/login", "/register", "/document", "/join", "/live/join"):
        yield visit(visitor, path)

    for phase in ("lobby", "question", "reveal"):  # a guest's phone joining at each phase
        phone = browser.new_context(viewport=viewport).new_page()
        phone.goto(f"{base}/live/join/{world.pins[phase]}")
        yield shown(f"/live/join/<pin> ({phase})", phone)
        phone.fill("#nickname", f"Guest {phase}")
        phone.click("#submit")
        phone.wait_for_url("**/live/play/**")
        yield shown(f"/live/play/<pin> ({phase})", phone)

    learner = browser.new_context(viewport=viewport).new_page()
    login(learner, base, "learner@example.org")
    for path in (
        "/dashboard",
        "/study",
        "/progress",
        "/account",
        "/cohorts",
        f"/cohorts/{world.cohort}",
        f"/assignments/{world.quiz_assignment}",
        f"/assignments/{world.goal_assignment}",
        "/quiz",
        "/cases",
        "/reports/me",
    ):
        yield visit(learner, path)
    learner.goto(base + "/study")
    with learner.expect_navigation():  # each yield shows a loaded page, never one in flight
        learner.click("#reveal")
    yield "/study (revealed)", learner
    learner.goto(base + "/quiz")
    learner.fill("input[name=length]", "5")
    with learner.expect_navigation():
        learner.get_by_role("button", name="Start the quiz").click()
    yield "/quiz/<id>/q/<n> (question)", learner
    for _ in range(5):
        with learner.expect_navigation():
            answer_any(learner)
        yield "/quiz/<id>/q/<n> (feedback)", learner
        next_link = learner.get_by_role("link", name="Next question")
        if next_link.count():
            with learner.expect_navigation():
                next_link.click()
        else:
            with learner.expect_navigation():
                learner.get_by_role("link", name="See your results").click()
            break
    yield shown("/quiz/<id>/results", learner)

    trainer = browser.new_context(viewport=viewport).new_page()
    login(trainer, base, "trainer@example.org")
    cohort = world.cohort
    for path in (
        "/cohorts",
        "/cohorts/new",
        f"/cohorts/{cohort}",
        f"/cohorts/{cohort}/assignments/new-quiz",
        f"/cohorts/{cohort}/assignments/new-goal",
        f"/assignments/{world.quiz_assignment}",
        f"/assignments/{world.goal_assignment}",
        "/live",
        "/live/new",
        *(f"/live/{world.sessions[phase]}" for phase in ("lobby", "question", "reveal")),
        *(f"/live/{world.sessions[phase]}" for phase in ("leaderboard", "ended")),
        f"/live/{world.sessions['report']}/report",
        "/reports",
        f"/reports/cohorts/{cohort}",
        f"/reports/items?cohort={cohort}",
        f"/reports/learners/{world.learner}",
    ):
        yield visit(trainer, path)
    yield from course_tour(learner, trainer, base, world.course)

    admin = browser.new_context(viewport=viewport).new_page()
    login(admin, base, "admin@example.org")
    yield visit(admin, "/admin/users")
    yield visit(admin, "/problems")
