"""The string table: one table, both languages for every key, no key twice, every page named."""

from __future__ import annotations

import importlib
import pkgutil
import string
from pathlib import Path

import pytest

import seqviz.text as text
from seqviz.text import LANGS, STRINGS, t

APP_PAGES = Path(__file__).resolve().parent.parent / "app_pages"


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def test_every_key_has_both_languages():
    for key, entry in STRINGS.items():
        for lang in LANGS:
            assert entry.get(lang, "").strip(), f"{key!r} has no {lang} text"


def test_the_table_holds_exactly_the_keys_of_the_page_modules():
    # a key defined twice already stops the import (test_a_key_defined_twice_stops_the_import)
    seen = set()
    for info in pkgutil.iter_modules(text.__path__):
        seen |= set(importlib.import_module(f"seqviz.text.{info.name}").STRINGS)
    assert seen == set(STRINGS)


def test_both_languages_use_the_same_format_fields():
    for key, entry in STRINGS.items():
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_page_has_a_title_and_icon_in_both_languages():
    for page in APP_PAGES.glob("[0-9]*_*.py"):
        slug = page.stem.split("_", 1)[1]
        for key in (f"nav.{slug}", f"nav.{slug}.icon"):
            assert key in STRINGS, f"{page.name} needs the string {key!r}"


def test_t_formats_and_falls_back_to_english():
    assert t("sim.n.bounded", "en", cap=7, n=7).startswith("N is capped at 7")
    assert "7" in t("sim.n.bounded", "zh", cap=7, n=7)
    assert t("home.title", "fr") == t("home.title", "en")


def test_unknown_key_says_where_to_add_it():
    with pytest.raises(KeyError, match="add it"):
        t("no.such.key")


def test_a_key_defined_twice_stops_the_import(monkeypatch, tmp_path):
    package = tmp_path / "twice_strings"
    package.mkdir()
    (package / "a.py").write_text('STRINGS = {"x.y": {"en": "a", "zh": "甲"}}\n')
    (package / "b.py").write_text('STRINGS = {"x.y": {"en": "b", "zh": "乙"}}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="defined in both a and b"):
        text._merge([str(package)], "twice_strings")
