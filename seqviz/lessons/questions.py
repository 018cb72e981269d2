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
import pandas as pd
import plotly.graph_objects as go

from seqviz import literal
from seqviz.text import LANGS, t

from .common import log_ticks, style_figure

GUESS, ANSWER, BESIDE, CLASS = "#E69F00", "#009E73", "#666666", "#56B4E9"
OUTLINE = "#111111"  # a guess's bar, where a category's colour fills it


@dataclass(frozen=True)
class Question:
    """page: the lesson's slug; part: a second question's name on that page (SIM's "hashing"); `id`
    joins them (the question's id in a session and in a class). prompt, why: language -> text.
    A choice: `options` (values) and `labels` (language -> one label per option).
    A number: `grid`, the values the answer slider offers; `log` judges a guess by ratio (a
    slowdown, a K) rather than by difference; `unit` follows a number ("%", "×").
    answer: None while not known yet (the Lab before it has trained). beside: other values the
    reveal draws next to the answer, as (language -> label, value): the models' predictions.
    values: for a choice, what decides it, per option (the answer has the largest), which the reveal
    draws as bars; `measure` names it."""

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
    values: tuple[float, ...] = ()  # a choice's measure behind the answer, one per option
    measure: dict[str, str] = field(default_factory=dict)  # language -> what `values` are
    floor: float = 0.0  # where the bars of `values` start: an AUC's is chance, 0.5
    part: str = ""
    colours: tuple[str, ...] = ()  # a choice of categories: each one's colour, as in every other chart

    @property
    def id(self) -> str:
        return f"{self.page}-{self.part}" if self.part else self.page

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def label(self, value, lang: str) -> str:
        """How a value reads: a choice's label, a number with its unit."""
        if self.is_choice:
            return self.labels[lang][self.options.index(value)] if value in self.options else str(value)
        return f"{number_text(value)}{self.unit}"

    def start(self) -> float:
        """Where the answer slider starts: the middle of the grid, which favours no answer."""
        return self.grid[len(self.grid) // 2]


def number_text(value: float) -> str:
    """A number as a reader writes it: 10,000 (not 1e+04), 250 (not 250.0), three significant digits
    below 100 (41.4, 0.25)."""
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


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
    said = literal.markdown(question.label(guess, lang))  # a category's name may come from a user's file
    if question.answer is None:
        return t("ask.verdict.pending", lang, guess=said)
    answer = _answer_text(question, lang)
    distance = off_by(question, guess)
    if question.is_choice:
        key = "ask.verdict.right" if distance == 0 else "ask.verdict.wrong"
        return t(key, lang, guess=said, answer=answer)
    if question.log:
        return t("ask.verdict.factor", lang, guess=said, answer=answer, factor=number_text(distance))
    # a difference of percentages is in points: 50 % for 91 % is 41 points off, not 41 % off
    unit = t("ask.points", lang) if question.unit == "%" else question.unit
    return t("ask.verdict.points", lang, guess=said, answer=answer, off=f"{number_text(distance)}{unit}")


def _answer_text(question: Question, lang: str) -> str:
    if question.answer is None:
        return t("ask.unknown", lang)
    return literal.markdown(question.label(question.answer, lang))


def reveal_figure(question: Question, guess, lang: str) -> go.Figure:
    """One student's guess beside the answer. A choice: the measure behind the answer for every option
    (the mean weight per category, say), the answer's bar green, the guess's orange. A number: the
    guess, the answer and what is beside it (the models' predictions) as dots on one axis."""
    fig = go.Figure()
    if question.is_choice:
        plain = [ANSWER if o == question.answer else GUESS if o == guess else BESIDE
                 for o in question.options]
        colours, outline = _choice_colours(question, question.answer, guess, plain)
        marks = [" · ".join(([t("ask.figure.yours", lang)] if o == guess else []) +
                            (["✓ " + t("ask.figure.answer", lang)] if o == question.answer else []))
                 for o in question.options]
        heights = question.values or tuple(float(o == question.answer) for o in question.options)
        # Plotly shrinks text outside a bar to the bar's width: ten categories made the marks ~6 px
        fig.add_bar(x=_figure_labels(question, lang), y=list(heights), marker_color=colours, text=marks,
                    marker_line=outline, textposition="outside", cliponaxis=False, constraintext="none",
                    showlegend=False, textfont=dict(size=12), hovertemplate="%{x}: %{y:.3g}<extra></extra>")
        floor = question.floor
        fig.update_yaxes(title=question.measure.get(lang, ""), showticklabels=bool(question.values),
                         range=[floor, floor + (max(heights, default=1) - floor) * 1.3])
        return style_figure(fig, t("ask.figure.title", lang), height=260)
    rows = [(t("ask.figure.yours", lang), guess, GUESS, "triangle-down")]
    if question.answer is not None:
        rows.append((t("ask.figure.answer", lang), question.answer, ANSWER, "diamond"))
    rows += [(label[lang], value, BESIDE, "circle") for label, value in question.beside]
    rows = [row for row in rows if row[1] is not None]
    for name, value, colour, symbol in rows:
        fig.add_scatter(x=[value], y=[name], mode="markers+text", text=[question.label(value, lang)],
                        textposition="top center", showlegend=False, hoverinfo="skip", cliponaxis=False,
                        marker=dict(color=colour, size=16, symbol=symbol, line=dict(color="#111", width=1)))
    _number_axis(fig, question, lang)
    fig.update_yaxes(autorange="reversed")
    return style_figure(fig, t("ask.figure.title", lang), height=130 + 45 * len(rows))


def _choice_colours(question: Question, answer, guess, plain: list[str]) -> tuple[list[str], dict]:
    """A choice's bar colours and outlines. Options that are categories keep their colours (a cup is
    orange in every chart), so the answer (None: not shown yet) is outlined green and the guess black;
    other options take `plain`, the figure's own colours, with no outline."""
    if not question.colours:
        return plain, dict(width=0)
    edge = [ANSWER if o == answer else OUTLINE if o == guess else "rgba(0,0,0,0)" for o in question.options]
    return list(question.colours), dict(color=edge, width=4)


def _figure_labels(question: Question, lang: str) -> list[str]:
    return [literal.figure(label) for label in question.labels[lang]]


def class_figure(question: Question, answers: list, lang: str, revealed: bool) -> go.Figure:
    """A class's answers as they arrive: counts per choice, or per step of the guess slider; once
    `revealed`, the answer marked (green) among them."""
    counts = Counter(answers)
    fig = go.Figure()
    if question.is_choice:
        answer = question.answer if revealed else None
        colours, outline = _choice_colours(question, answer, None,
                                           [ANSWER if o == answer else CLASS for o in question.options])
        fig.add_bar(x=_figure_labels(question, lang), y=[counts.get(o, 0) for o in question.options],
                    marker_color=colours, marker_line=outline, showlegend=False,
                    hovertemplate="%{x}: %{y}<extra></extra>",
                    text=["✓ " + t("ask.figure.answer", lang) if revealed and o == question.answer else ""
                          for o in question.options], textposition="outside", cliponaxis=False)
    else:
        grid = np.asarray(question.grid, dtype=float)
        fig.add_bar(x=grid, y=[counts.get(float(v), 0) for v in grid], marker_color=CLASS, showlegend=False,
                    width=_bar_widths(grid, question.log), hovertemplate="%{x}: %{y}<extra></extra>")
        if revealed and question.answer is not None:
            fig.add_vline(x=question.answer, line=dict(color=ANSWER, width=3),
                          annotation_text=t("ask.figure.answer", lang) + ": "
                                          + question.label(question.answer, lang))
        _number_axis(fig, question, lang)
    top = max(counts.values(), default=0)
    fig.update_yaxes(title=t("ask.figure.count", lang), range=[0, top * 1.3 + 1],
                     dtick=1 if top < 10 else None)
    return style_figure(fig, t("ask.figure.class", lang), height=320)


def class_record(asked, lang: str) -> pd.DataFrame:
    """A class's answers for the teacher to keep (seqviz.poll's `record`: each question asked, its
    anonymous answers, whether revealed): one row per question and answer given, with its count, and
    the right answer on the rows of questions that were revealed (and for a choice, whether this
    answer is it)."""
    rows = []
    for one in asked:
        question: Question = one.question
        right = question.label(question.answer, lang) if one.revealed and question.answer is not None else ""
        counts = Counter(one.answers)
        given = question.options if question.is_choice else sorted(counts)
        for value in given or [None]:
            rows.append({"lesson": question.id, "question": question.prompt[lang],
                         "answer_given": "" if value is None else question.label(value, lang),
                         "count": counts.get(value, 0) if value is not None else 0,
                         "answers": len(one.answers), "revealed": one.revealed, "right_answer": right,
                         "right": value == question.answer
                         if right and question.is_choice and value is not None else ""})
    return pd.DataFrame(rows, columns=["lesson", "question", "answer_given", "count", "answers", "revealed",
                                       "right_answer", "right"])


def _number_axis(fig: go.Figure, question: Question, lang: str) -> None:
    """The guess slider's range on x, on a log scale for a log question, ticks written in full."""
    low, high = min(question.grid), max(question.grid)
    if question.log:
        fig.update_xaxes(title=t("ask.figure.value", lang), **log_ticks(low / 1.5, high * 1.5),
                         range=[np.log10(low / 1.5), np.log10(high * 1.5)])
    else:
        pad = 0.05 * (high - low)
        fig.update_xaxes(title=t("ask.figure.value", lang), range=[low - pad, high + pad])


def _bar_widths(grid: np.ndarray, log: bool) -> list[float]:
    """Bars as wide as the gap to their neighbours (on a log axis, in data units: Plotly's widths are)."""
    if len(grid) < 2:
        return [1.0] * len(grid)
    if not log:
        return [0.8 * float(np.min(np.diff(grid)))] * len(grid)
    ratio = float(np.median(grid[1:] / grid[:-1]))
    return [0.5 * float(v) * (ratio - 1 / ratio) for v in grid]
