"""The one string table: every user-facing string of the app, in English and 中文.

Contract for a lesson's strings (adding a lesson is adding one file, nothing else):
  * a module `seqviz/text/<lesson>.py` defines `STRINGS = {key: {"en": ..., "zh": ...}}`;
  * keys start with the module's name and a dot ("lastn.timeline.title"), so two
    modules never collide; `common` holds what several pages share;
  * a page listed in the navigation needs `nav.<slug>` (its title) and `nav.<slug>.icon`
    (an emoji, the same in both languages), where the page file is `app_pages/<order>_<slug>.py`;
  * values may hold `str.format` fields ("{n} events"), filled by `t(key, lang, n=...)`;
  * a text that counts something has a singular beside it, `<key>.one`, which `t` picks when
    `count` is 1 ("Train 1 model", "Train 3 models"); `count` need not appear in the text.
Every module in this folder is discovered and merged into `STRINGS` at import; a key
defined twice, or missing a language (or blank in one), raises at import.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}


def _merge(path=__path__, package: str = __name__) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{info.name}")
        for key, value in module.STRINGS.items():
            if key in table:
                raise ValueError(f"string key {key!r} is defined in both {owner[key]} and {info.name}")
            missing = [lang for lang in LANGS if not value.get(lang, "").strip()]
            if missing:
                raise ValueError(f"string key {key!r} in {info.name} lacks {', '.join(missing)}")
            table[key], owner[key] = value, info.name
    return table


STRINGS = _merge()


def t(key: str, lang: str = "en", **fmt) -> str:
    """The text for `key` in `lang` (English for an unknown language), formatted with `fmt`; with
    `count` equal to 1, the singular `<key>.one` where there is one."""
    if fmt.get("count") == 1 and f"{key}.one" in STRINGS:
        key = f"{key}.one"
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in seqviz.text; add it to the lesson's module") from None
    text = entry.get(lang, entry["en"])
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    return key in STRINGS
