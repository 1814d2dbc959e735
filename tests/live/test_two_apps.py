"""One session through two app instances on one database: nothing lives in process memory."""

from __future__ import annotations

from tests.conftest import make_app
from tests.live.conftest import forget_user_between_requests
from tests.live.helpers import (
    advance,
    answer,
    answer_rows,
    build_world,
    create_session,
    join_guest,
    login,
    participant,
)


def test_trainer_on_app_a_participants_on_app_b(app, database_url, tmp_path):
    world = build_world()
    other = make_app(database_url, str(tmp_path / "instance-b"))  # a second "server"
    forget_user_between_requests(other)
    try:
        trainer = app.test_client()
        phones = [other.test_client() for _ in range(2)]
        login(trainer, "trainer@example.org")
        session = create_session(trainer, [i.id for i in world.items[:2]], show_leaderboard=None)
        sid, pin = session.id, session.pin

        assert join_guest(phones[0], pin, "Ana").status_code == 302
        login(phones[1], "learner@example.org")
        assert phones[1].post(f"/live/join/{pin}").status_code == 302
        assert trainer.get(f"/live/{sid}/state").get_json()["participant_count"] == 2

        advance(trainer, sid)
        states = [p.get(f"/live/play/{pin}/state").get_json() for p in phones]
        assert {s["step"] for s in states} == {"question:0"}
        answer(phones[0], pin, 0, "Beta")
        answer(phones[1], pin, 0, "Gamma")
        answer(phones[1], pin, 0, "Beta")  # second answer on the other server: refused
        assert trainer.get(f"/live/{sid}/state").get_json()["answers"] == 2

        advance(trainer, sid)
        assert "Correct" in phones[0].get(f"/live/play/{pin}").get_data(as_text=True)
        assert "Not correct" in phones[1].get(f"/live/play/{pin}").get_data(as_text=True)
        trainer_view = trainer.get(f"/live/{sid}/state").get_json()
        phone_view = phones[0].get(f"/live/play/{pin}/state").get_json()
        assert trainer_view["step"] == phone_view["step"] == "reveal:0"
        assert trainer_view["revision"] == phone_view["revision"]
        assert (
            answer_rows(sid) == 2
            and participant("Ana").score > 0
            and participant("Lena Learner").score == 0
        )
    finally:
        with other.app_context():
            from quizapp.extensions import db

            db.session.remove()
            db.engine.dispose()
