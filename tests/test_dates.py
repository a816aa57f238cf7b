"""Dates as the commands take and show them: no digest of a day not begun slips in unnoticed, a week
across New Year names both years, and a date and time where a day belongs is said in plain words."""
import datetime as dt

from html_page import read_page

TODAY = dt.datetime.now(dt.timezone.utc).date()
AHEAD = TODAY + dt.timedelta(days=3)


def page_text(title: str, day: dt.date) -> str:
    """Daily Papers page text of one paper, its header the day's."""
    return f"Daily Papers\n\n{day:%b} {day.day}\n\n{title}\n\nAn abstract.\n\n  • 3 authors\n·\nNov 1\n"


def source(tmp_path, day: dt.date, title: str = "A Title") -> str:
    path = tmp_path / f"daily-{day}.txt"
    path.write_text(page_text(title, day), encoding="utf-8")
    return str(path)


def hand_dated(project, tmp_path, day: dt.date, to: dt.date) -> None:
    """A digest imported for day, then moved to the day `to` by hand (its file and its date line)."""
    project.ok("import", source(tmp_path, day))
    old = project.digests / f"{day}.yaml"
    (project.digests / f"{to}.yaml").write_text(old.read_text().replace(f"date: {day}", f"date: {to}"))
    old.unlink()


def test_import_refuses_a_digest_dated_after_today_in_one_line_writing_nothing(project, tmp_path):
    result = project.run("import", source(tmp_path, AHEAD))
    assert result.code == 1 and not project.digests.exists()
    assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    assert f"daily-{AHEAD}.txt" in result.err and str(AHEAD) in result.err and "--allow-future" in result.err


def test_import_takes_todays_digest_and_a_future_one_with_allow_future(project, tmp_path):
    project.ok("import", source(tmp_path, TODAY, "Of Today"))
    assert (project.digests / f"{TODAY}.yaml").exists()
    project.ok("import", source(tmp_path, AHEAD, "Of Days Ahead"), "--allow-future")
    assert (project.digests / f"{AHEAD}.yaml").exists()


def test_check_warns_of_a_digest_dated_by_hand_after_today_but_passes(project, tmp_path):
    hand_dated(project, tmp_path, dt.date(2025, 11, 18), AHEAD)
    result = project.run("check")
    assert result.code == 0 and result.out.startswith("ok: 1 digests")
    assert result.err.count("\n") == 1 and result.err.startswith("warning: ")
    assert f"{AHEAD}.yaml" in result.err and "after today" in result.err


def test_check_says_nothing_of_a_digest_dated_today(project, tmp_path):
    hand_dated(project, tmp_path, dt.date(2025, 11, 18), TODAY)
    result = project.run("check")
    assert result.code == 0 and result.err == ""


def test_build_warns_of_a_digest_dated_by_hand_after_today_and_builds(project, tmp_path):
    hand_dated(project, tmp_path, dt.date(2025, 11, 18), AHEAD)
    result = project.run("build")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and f"{AHEAD}.yaml" in warnings[0] and "after today" in warnings[0]
    assert (project.root / f"site/days/{AHEAD}/index.html").exists()


def test_a_week_across_new_year_names_both_years_on_its_page_and_the_list_of_periods(project, tmp_path):
    for day in (dt.date(2025, 12, 30), dt.date(2026, 1, 2)):
        project.ok("import", source(tmp_path, day, f"A Paper of {day}"))
    project.ok("build")
    name = "Week 1 of 2026, 29 December 2025 – 4 January 2026"
    assert read_page(project.root / "site/top/2026-W01/index.html").h1 == [f"Top papers: {name}"]
    listed = read_page(project.root / "site/top/index.html")
    assert any(href.endswith("2026-W01/") and text == name for href, text in listed.links)
    home = read_page(project.root / "site/index.html")
    assert any(text == name for _, text in home.links)


def test_a_date_and_time_where_a_day_belongs_is_said_in_plain_words(project, tmp_path):
    project.ok("import", source(tmp_path, dt.date(2025, 11, 18)))
    path = project.digests / "2025-11-18.yaml"
    text = path.read_text()
    path.write_text(text.replace("published: 2025-11-01", "published: 2025-11-18T10:00:00Z"))
    result = project.run("check")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "'published' must be a day like 2025-10-14, not a date and time (2025-11-18 10:00:00+00:00)" in result.err
    assert "published: 2025-11-18" in result.err and "datetime" not in result.err

    path.write_text(text.replace("date: 2025-11-18", "date: 2025-11-18 10:00:00"))
    result = project.run("check")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "2025-11-18.yaml:" in result.err and "datetime" not in result.err
    assert "'date' must be a day like 2025-11-18, not a date and time (2025-11-18 10:00:00)" in result.err
