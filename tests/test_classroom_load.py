"""The classroom load script itself: two students through the real server, over the websocket.

The tests drive its errand mode (--errands): every session does a fixed list of errands, each waiting
for its event, so what they assert does not depend on how fast the machine is; only a generous timeout
bounds them, and an errand still pending is a failure the report names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ui.labjob import LESSON_CONFIGS

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 1200  # the script's own errand timeout (15 minutes) reports first


def run_errands(out: Path, *options: str) -> dict:
    command = [sys.executable, "scripts/classroom_load.py", "--errands", *options, "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert out.exists(), done.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["errands_pending"] == {}, (report["errands_pending"], report["error_samples"])
    assert done.returncode == 0 and report["errors"] == 0, report["error_samples"] or done.stderr[-2000:]
    return report


def test_two_students_get_through_the_app_without_an_error(tmp_path):
    report = run_errands(tmp_path / "load.json", "--sessions", "2", "--think", "0.1")
    assert set(report["teacher_first_visit_s"]) >= {"open", "home", "lastn", "sim", "model_lab", "data"}
    assert report["page_visits"] >= 2 and report["slider_moves"] > 0 and report["reruns_timed"] > 0
    assert report["page_visits"] == 2 * (len(report["teacher_first_visit_s"]) - 1)  # each student, every page
    assert report["picture_moves"] > 0  # the main pictures' sliders report the end of a drag
    assert 0 < report["rerun_p50_s"] <= report["rerun_p95_s"]
    assert report["server_peak_rss_mb"] > 100  # it found and sampled the server
    # both students asked the Lab for AvgPool at N = 50 (on their own worlds: student 0 imported the
    # fixture, whose lesson models then trained on their own), and every training ran once
    assert report["train_requests"] == 2 and report["uploads"] == 1
    assert len(report["trainings_per_config"]) == 2 + len(LESSON_CONFIGS), report["trainings_per_config"]
    assert all(count == 1 for count in report["trainings_per_config"].values())
    assert 0 < report["training_share_of_class"] < 1 and report["lab_preset"] == "quick"


def test_a_poll_counts_on_the_teachers_screen_what_the_students_sent(tmp_path):
    report = run_errands(tmp_path / "poll.json", "--sessions", "3", "--think", "0.3", "--poll")
    assert report["poll_answers_sent"] == report["poll_answers_counted"] >= 3
    assert report["poll_fewest_answers_by_a_student"] >= 1
    assert report["poll_counted_by_question"]  # the teacher revealed at least one question
    # the teacher waited for the class: every question it revealed counted an answer from each student
    assert all(count == 3 for count in report["poll_counted_by_question"].values())
    assert report["poll_fewest_answers_by_a_student"] == len(report["poll_counted_by_question"])


def test_a_class_of_reloading_phones_counts_each_device_once_and_the_teacher_takes_it_back(tmp_path):
    report = run_errands(tmp_path / "churn.json", "--sessions", "3", "--think", "0.3", "--poll", "--churn")
    assert report["reloads"] > 0 and report["teacher_reloaded_at"]  # tabs did reload, the teacher's too
    assert report["poll_students"] == 3
    # every device answered every question, some more than once after a reload: each counted once
    assert report["poll_answers_counted"] == report["poll_device_answers"] == 3 * len(
        report["poll_counted_by_question"])
    assert report["poll_answers_counted_max"] <= report["poll_students"]
    assert report["teacher_reclaimed"]  # the reloaded teacher's reveal reached every phone
