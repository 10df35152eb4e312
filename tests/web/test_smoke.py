"""The main pages answer for the right people (more in the per-page tests)."""

from __future__ import annotations

from tests.web.conftest import World


def test_filler_sees_own_record_and_not_the_other_units(world: World) -> None:
    c = world.client("filler_a")
    page = c.get("/evaluations/").content.decode()
    assert world.dept_a.name in page and world.dept_b.name not in page
    assert c.get(f"/evaluations/{world.record_a.pk}/").status_code == 200
    assert c.get(f"/evaluations/{world.record_b.pk}/").status_code == 404


def test_recomputed_total_is_shown(world: World) -> None:
    # minzheng demo: rows 89 − 10 + 9.68 (4604/4754 × 10) + 9.24 (92.35 % × 10) = 97.92
    page = world.client("filler_a").get(f"/evaluations/{world.record_a.pk}/").content.decode()
    assert 'data-testid="total">97.92<' in page
