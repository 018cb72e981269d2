"""Predict, then reveal: one question per lesson, asked before the picture gives its answer away.

A student who first guesses and then sees the answer beside the guess remembers it better than one
who is only shown it. A Question is plain data holding its text in every language, because in a
class poll the teacher's question is shown on every student's device, each in its own language.
The lesson modules build their own question from the page's default case (`lastn.question`, ...);
this module judges a guess and draws the reveal, for one student or a whole class.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from seqviz.text import LANGS, t

from .common import style_figure

GUESS, ANSWER, BESIDE, CLASS = "#E69F00", "#009E73", "#666666", "#56B4E9"


@dataclass(frozen=True)
class Question:
    """page: the lesson's slug (the question's id in a class). prompt, why: language -> text.
    A choice: `options` (values) and `labels` (language -> one label per option).
    A number: `grid`, the values the answer slider offers; `log` judges a guess by ratio (a
    slowdown, a K) rather than by difference; `unit` follows a number ("%", "×").
    answer: None while not known yet (the Lab before it has trained). beside: other values the
    reveal draws next to the answer, as (language -> label, value): the models' predictions."""

    page: str
    prompt: dict[str, str]
    why: dict[str, str]
    answer: str | float | None
    options: tuple[str, ...] = ()
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    grid: tuple[float, ...] = ()
    log: bool = False
    unit: str = ""
    beside: tuple[tuple[dict[str, str], float], ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def label(self, value, lang: str) -> str:
        """How a value reads: a choice's label, a number with its unit."""
        if self.is_choice:
            return self.labels[lang][self.options.index(value)] if value in self.options else str(value)
        return f"{value:,.4g}{self.unit}"

    def start(self) -> float:
        """Where the answer slider starts: the middle of the grid, which favours no answer."""
        return self.grid[len(self.grid) // 2]


def per_language(text) -> dict:
    """{language: text(language)} for every language the app speaks."""
    return {lang: text(lang) for lang in LANGS}


def every_language(key: str, **fmt) -> dict[str, str]:
    """A string-table text in every language. A value that must itself be translated (a category's
    name) is passed as a function of the language."""
    return per_language(lambda lang: t(key, lang, **{k: v(lang) if callable(v) else v
                                                     for k, v in fmt.items()}))


def nice_grid(low: float, high: float) -> tuple[float, ...]:
    """1, 2, 3, 5, 10, 20, 30, 50, ... from low to high: a log-scale guess slider a student can read."""
    values = [m * 10**e for e in range(-3, 7) for m in (1, 2, 3, 5)]
    return tuple(float(v) for v in values if low <= v <= high)


def off_by(question: Question, guess) -> float | None:
    """How far a guess is from the answer: 0 or 1 for a choice; the difference, or for a log question
    the factor (≥ 1); None while the answer is unknown."""
    if question.answer is None or guess is None:
        return None
    if question.is_choice:
        return float(guess != question.answer)
    if question.log:
        small, large = sorted((max(float(guess), 1e-9), max(float(question.answer), 1e-9)))
        return large / small
    return abs(float(guess) - float(question.answer))


def verdict(question: Question, guess, lang: str) -> str:
    """One line: the guess, the answer, and how far off the guess was."""
    if guess is None:
        return t("ask.verdict.skipped", lang, answer=_answer_text(question, lang))
    said = question.label(guess, lang)
    if question.answer is None:
        return t("ask.verdict.pending", lang, guess=said)
    answer = _answer_text(question, lang)
    distance = off_by(question, guess)
    if question.is_choice:
        key = "ask.verdict.right" if distance == 0 else "ask.verdict.wrong"
        return t(key, lang, guess=said, answer=answer)
    if question.log:
        return t("ask.verdict.factor", lang, guess=said, answer=answer, factor=distance)
    # a difference of percentages is in points: 50 % for 91 % is 41 points off, not 41 % off
    unit = t("ask.points", lang) if question.unit == "%" else question.unit
    return t("ask.verdict.points", lang, guess=said, answer=answer, off=f"{distance:,.4g}{unit}")


def _answer_text(question: Question, lang: str) -> str:
    return t("ask.unknown", lang) if question.answer is None else question.label(question.answer, lang)


def reveal_figure(question: Question, guesses: list, lang: str, mine=None,
                  revealed: bool = True) -> go.Figure:
    """The guesses beside the answer. One student: `guesses` is [their guess]. A class: every answer,
    as counts per choice or a histogram over the guess slider's steps, filling as answers arrive;
    `mine` marks one student's own. With `revealed` False the answer (and what is beside it) stays off."""
    fig = go.Figure()
    if question.is_choice:
        counts = Counter(guesses)
        labels = list(question.labels[lang])
        colours = [ANSWER if revealed and option == question.answer else
                   GUESS if option == mine or (len(guesses) == 1 and option in counts) else CLASS
                   for option in question.options]
        fig.add_bar(x=labels, y=[counts.get(o, 0) for o in question.options], marker_color=colours,
                    text=[_choice_mark(question, o, mine, revealed, lang) for o in question.options],
                    textposition="outside", name=t("ask.figure.guesses", lang), showlegend=False,
                    hovertemplate="%{x}: %{y}<extra></extra>")
        top = max(counts.values(), default=1)
        fig.update_yaxes(title=t("ask.figure.count", lang), range=[0, top * 1.35 + 0.5],
                         dtick=1 if top < 10 else None)
        return style_figure(fig, t("ask.figure.title", lang), height=300)
    grid = np.asarray(question.grid, dtype=float)
    axis = np.log10(grid) if question.log else grid
    values = np.asarray([float(g) for g in guesses], dtype=float)
    counts = Counter(values.tolist())
    fig.add_bar(x=grid, y=[counts.get(float(v), 0) for v in grid], marker_color=CLASS, showlegend=False,
                name=t("ask.figure.guesses", lang), hovertemplate="%{x}: %{y}<extra></extra>",
                width=_bar_widths(grid, question.log))
    top = max(counts.values(), default=1)
    yours = mine if mine is not None else (guesses[0] if len(guesses) == 1 else None)
    marks = [(t("ask.figure.yours", lang), yours, GUESS, "triangle-down")]
    if revealed and question.answer is not None:
        marks.append((t("ask.figure.answer", lang), question.answer, ANSWER, "diamond"))
        marks += [(label[lang], value, BESIDE, "circle") for label, value in question.beside]
    for row, (name, value, colour, symbol) in enumerate(marks):
        if value is None:
            continue
        fig.add_scatter(x=[value], y=[top * (1.2 + 0.18 * row)], mode="markers+text", name=name,
                        text=[f"{name}: {question.label(value, lang)}"], textposition="middle right",
                        marker=dict(color=colour, size=15, symbol=symbol, line=dict(color="#111", width=1)),
                        hoverinfo="skip", showlegend=False, cliponaxis=False)
    fig.update_xaxes(type="log" if question.log else "linear", title=t("ask.figure.value", lang),
                     range=[axis.min() - 0.1 * np.ptp(axis), axis.max() + 0.1 * np.ptp(axis)])
    fig.update_yaxes(title=t("ask.figure.count", lang), range=[0, top * (1.45 + 0.18 * len(marks))],
                     rangemode="tozero")
    return style_figure(fig, t("ask.figure.title", lang), height=300 + 20 * len(marks))


def _choice_mark(question: Question, option: str, mine, revealed: bool, lang: str) -> str:
    marks = []
    if option == mine:
        marks.append(t("ask.figure.yours", lang))
    if revealed and option == question.answer:
        marks.append("✓ " + t("ask.figure.answer", lang))
    return " · ".join(marks)


def _bar_widths(grid: np.ndarray, log: bool) -> list[float]:
    """Bars as wide as the gap to their neighbours (on a log axis, in data units: Plotly's widths are)."""
    if len(grid) < 2:
        return [1.0] * len(grid)
    if not log:
        return [0.8 * float(np.min(np.diff(grid)))] * len(grid)
    ratio = float(np.median(grid[1:] / grid[:-1]))
    return [0.5 * float(v) * (ratio - 1 / ratio) for v in grid]
