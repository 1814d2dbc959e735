"""Registering from a join link comes back to it."""

from __future__ import annotations


def test_register_follows_a_local_next_and_ignores_a_foreign_one(client):
    data = {
        "display_name": "Ana",
        "email": "ana@example.org",
        "password": "a long unusual passphrase 42",
        "confirm": "a long unusual passphrase 42",
    }
    response = client.post("/register?next=/join/ABCDEFGH", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/join/ABCDEFGH"
    client.post("/logout")
    data["email"] = "ben@example.org"
    response = client.post("/register?next=https://evil.example/", data=data)
    assert response.headers["Location"].endswith("/dashboard")


def test_login_page_passes_next_to_register(client):
    html = client.get("/login?next=/join/ABCDEFGH").get_data(as_text=True)
    assert 'href="/register?next=/join/ABCDEFGH"' in html
