"""The string table: one table, both languages for every key, no key twice, every page named."""

from __future__ import annotations

import importlib
import pkgutil
import string
from pathlib import Path

import pytest

import seqviz.text as text
from seqviz.text import STRINGS, t

APP_PAGES = Path(__file__).resolve().parent.parent / "app_pages"


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def strings_package(tmp_path, monkeypatch, name: str, **modules: str) -> list[str]:
    """A package of string modules written to tmp_path, importable: the path _merge reads."""
    package = tmp_path / name
    package.mkdir()
    for module, source in modules.items():
        (package / f"{module}.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    return [str(package)]


@pytest.mark.parametrize("entry", ['{"en": "a"}', '{"en": "a", "zh": "  "}'])
def test_a_key_without_both_languages_stops_the_import(monkeypatch, tmp_path, entry):
    name = f"lacking_{len(entry)}"
    path = strings_package(tmp_path, monkeypatch, name, a=f'STRINGS = {{"a.x": {entry}}}\n')
    with pytest.raises(ValueError, match="'a.x' in a lacks zh"):
        text._merge(path, name)


def test_every_key_starts_with_its_modules_name():
    """So two modules never collide, and a key says where it lives; a lesson also names its page (nav.)."""
    for info in pkgutil.iter_modules(text.__path__):
        keys = importlib.import_module(f"seqviz.text.{info.name}").STRINGS
        strays = [key for key in keys if not key.startswith((f"{info.name}.", "nav."))]
        assert not strays, f"seqviz/text/{info.name}.py holds {strays}"


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


def test_a_count_of_one_reads_in_the_singular():
    """The Lab's button read "Train 3 model(s)", the Towers readout "M = 1 candidates"."""
    assert [t("lab.train", "en", count=c) for c in (1, 3)] == ["Train 1 model", "Train 3 models"]
    readout = dict(m=1, n=1000, attention=1.0, average=0.1, ratio=10)
    assert t("towers.readout", "en", count=1, **readout).startswith("M = 1 candidate,")
    assert t("towers.readout", "en", count=2, **{**readout, "m": 2}).startswith("M = 2 candidates,")
    for key in (k for k in STRINGS if k.endswith(".one")):  # a singular stands beside its plural
        plural = key.removesuffix(".one")
        assert plural in STRINGS and _fields(STRINGS[key]["en"]) == _fields(STRINGS[plural]["en"]), key


def test_unknown_key_says_where_to_add_it():
    with pytest.raises(KeyError, match="add it"):
        t("no.such.key")


def test_a_key_defined_twice_stops_the_import(monkeypatch, tmp_path):
    path = strings_package(tmp_path, monkeypatch, "twice_strings",
                           a='STRINGS = {"x.y": {"en": "a", "zh": "甲"}}\n',
                           b='STRINGS = {"x.y": {"en": "b", "zh": "乙"}}\n')
    with pytest.raises(ValueError, match="defined in both a and b"):
        text._merge(path, "twice_strings")


def test_each_preset_has_an_icon_and_a_name_of_its_own():
    """DIN's "🧥☕ coat vs cup" and "🧥☕ coats and cups in one window" looked alike and showed opposite
    cases."""
    presets = {key: STRINGS[key]["en"] for key in STRINGS if ".preset." in key}
    icons = [text.split(" ", 1)[0] for text in presets.values()]
    assert len(set(icons)) == len(icons), presets
    assert len(set(presets.values())) == len(presets)


def test_chinese_text_uses_one_term_per_concept():
    """The words the term list replaced (大衣 beside 外套, 孪生 for TWIN, ...) appear in no Chinese string,
    and every Chinese term of the list is used somewhere besides the list itself."""
    from seqviz.text.terms import ZH_AVOID

    others = {key: entry["zh"] for key, entry in STRINGS.items() if not key.startswith("terms.")}
    for term, avoided in ZH_AVOID.items():
        for word in avoided:
            found = [key for key, text in others.items() if word in text]
            assert not found, f"{word!r} for {STRINGS[term]['zh']!r} in {found}"
    unused = [key for key in STRINGS if key.startswith("terms.")
              if not any(STRINGS[key]["zh"] in text for text in others.values())]
    assert not unused, unused
