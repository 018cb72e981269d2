"""The classroom load script itself: two students through the real server, over the websocket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_two_students_get_through_the_app_without_an_error(tmp_path):
    out = tmp_path / "load.json"
    command = [sys.executable, "scripts/classroom_load.py", "--sessions", "2", "--minutes", "0.5",
               "--think", "0.1", "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)
    report = json.loads(out.read_text())
    assert done.returncode == 0 and report["errors"] == 0, report["error_samples"] or done.stderr[-2000:]
    assert set(report["teacher_first_visit_s"]) >= {"open", "home", "lastn", "sim", "model_lab", "data"}
    assert report["page_visits"] >= 2 and report["slider_moves"] > 0 and report["reruns_timed"] > 0
    assert report["picture_moves"] > 0  # the main pictures' sliders report the end of a drag
    assert 0 < report["rerun_p50_s"] <= report["rerun_p95_s"]
    assert report["server_peak_rss_mb"] > 100  # it found and sampled the server
    # both students asked the Lab for the same two models, and student 0 imported the fixture
    assert report["train_requests"] == 2 and report["uploads"] == 1
    assert len(report["trainings_per_config"]) == 2
    assert all(count == 1 for count in report["trainings_per_config"].values())
    assert 0 < report["training_share_of_class"] < 1 and report["lab_preset"] == "quick"


def test_a_poll_counts_on_the_teachers_screen_what_the_students_sent(tmp_path):
    out = tmp_path / "poll.json"
    command = [sys.executable, "scripts/classroom_load.py", "--sessions", "3", "--minutes", "1",
               "--think", "0.3", "--poll", "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)
    report = json.loads(out.read_text())
    assert done.returncode == 0 and report["errors"] == 0, report["error_samples"] or done.stderr[-2000:]
    assert report["poll_answers_sent"] == report["poll_answers_counted"] >= 3
    assert report["poll_fewest_answers_by_a_student"] >= 1
    assert report["poll_counted_by_question"]  # the teacher revealed at least one question
