"""A lesson's main picture: one Plotly figure and every step of its slider, built on the server once.

The browser switches between the steps while the student drags (ui/picture_slider.py hands the steps to
Plotly.animate), with no round trip. Each step also carries the story's numbers as one line of text.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io

DIGITS = 5  # significant digits a step's numbers travel with: finer than any screen shows


@dataclass(frozen=True)
class SteppedFigure:
    """figure: the Plotly figure as a dict, showing steps[0]. updates[i]: what changes at steps[i], as
    Plotly.animate takes it (an animation frame, in Plotly's words): {"data": [trace updates],
    "traces": [their indices], "layout": {...}}, plain lists only (JSON for the browser; an update
    holds only what moves).

    The updates travel beside the figure rather than inside it: Streamlit validates a figure on every
    rerun, which for hundreds of step traces took longer than the rerun itself. Shared by every
    session that asks for it: never modify it."""

    figure: dict
    updates: tuple[dict, ...]
    steps: tuple[int, ...]
    readouts: tuple[str, ...]  # the story's numbers at each step, plain text
    label: str  # what the slider sets, e.g. "N: how many recent events the model reads"
    names: tuple[str, ...] = ()  # how the slider names each step ("3 days"); the step itself if empty
    # the lesson's question about this picture (seqviz.lessons.questions.Question), and the traces
    # (by `meta`) that answer it: `hidden` are drawn empty until it is answered, `flat` at one height
    question: object = None
    hidden: tuple[str, ...] = ()
    flat: tuple[str, ...] = ()

    def name(self, index: int) -> str:
        return self.names[index] if self.names else str(self.steps[index])

    def nearest(self, value: int) -> int:
        """The step closest to `value` (a value from a URL or a preset need not be a step)."""
        return min(self.steps, key=lambda s: (abs(s - value), s))

    def at(self, value: int) -> dict:
        """The figure as it looks at step `value`: what the browser shows before any drag."""
        update = self.updates[self.steps.index(self.nearest(value))]
        data = list(self.figure["data"])
        for index, trace in zip(update["traces"], update["data"], strict=True):
            data[index] = {**data[index], **trace}
        layout = copy.deepcopy(self.figure["layout"])
        _merge(layout, update.get("layout", {}))
        return {"data": data, "layout": layout}

    def asking(self, question, hidden: tuple[str, ...] = (), flat: tuple[str, ...] = ()) -> SteppedFigure:
        """This picture with its question and the traces that answer it."""
        return dataclasses.replace(self, question=question, hidden=tuple(hidden), flat=tuple(flat))

    def masked(self, readout: str) -> SteppedFigure:
        """The picture with the marks that answer its question held back: the `hidden` traces drawn
        empty, the `flat` ones at one height (the bars stay, their heights do not tell), every
        step's readout replaced by `readout`. The held-back values are not in the copy at all, so
        they do not reach the browser before the student answers."""
        hidden, flat = self.hidden, self.flat
        metas = [trace.get("meta") for trace in self.figure["data"]]
        top = _flat_height(self.figure["layout"])

        def cover(index: int, trace: dict) -> dict:
            if metas[index] in hidden:
                return {**trace, "x": [], "y": [], "customdata": [], "hoverinfo": "skip"}
            if metas[index] in flat:
                return {**trace, "y": [top] * len(trace.get("y") or ()), "customdata": [],
                        "hoverinfo": "skip", "hovertemplate": None,
                        "marker": {**trace.get("marker", {}), "opacity": 0.35}}
            return trace

        figure = {**self.figure, "data": [cover(i, trace) for i, trace in enumerate(self.figure["data"])]}
        def cover_all(update: dict) -> dict:
            return {**update, "data": [cover(i, trace)
                                       for i, trace in zip(update["traces"], update["data"], strict=True)]}

        updates = tuple(cover_all(update) for update in self.updates)
        return dataclasses.replace(self, figure=figure, updates=updates,
                                   readouts=(readout,) * len(self.steps))

    def payload_bytes(self) -> int:
        """Size of the picture as it travels to the browser: the figure and all its steps."""
        return len(plotly.io.to_json(self.figure, validate=False)) + len(json.dumps(self.updates))


def _merge(into: dict, update: dict) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _flat_height(layout: dict) -> float:
    """Half the first y axis's height: a masked bar stands there, neither tall nor short."""
    low, high = (layout.get("yaxis", {}).get("range") or (0.0, 1.0))[:2]
    return float(low) + 0.5 * (float(high) - float(low))


def _number(value: float) -> float | None:
    """DIGITS significant digits; NaN (nothing to draw) as None, which JSON has and Plotly skips."""
    return float(f"{value:.{DIGITS}g}") if np.isfinite(value) else None


def _plain(value):
    """A step's values as JSON: arrays to lists, floats to DIGITS significant digits."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.dtype.kind == "f":
            return [_number(v) for v in array.ravel()] if array.ndim == 1 else [_plain(row) for row in array]
        if array.dtype.kind in "iub":
            return array.tolist()
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return _number(float(value))
    if isinstance(value, np.integer):
        return int(value)
    return value


def stepped_figure(fig: go.Figure, steps, updates: list[list[dict]], traces: list[int], readouts,
                   label: str, layouts: list[dict] | None = None, names=()) -> SteppedFigure:
    """fig: the parts that never move, with placeholder traces at the indices `traces`;
    updates[i]: those traces' data at steps[i] (dicts such as {"x": ..., "y": ...});
    layouts[i]: the layout update at steps[i] (an axis range)."""
    steps = tuple(int(s) for s in steps)
    if not len(steps) == len(updates) == len(readouts) or (layouts is not None
                                                           and len(layouts) != len(steps)):
        raise ValueError("one update, one readout (and one layout) per step")
    plain = tuple({"data": _plain(data), "traces": list(traces),
                   "layout": _plain(layouts[i] if layouts else {})} for i, data in enumerate(updates))
    unshown = SteppedFigure(fig.to_dict(), plain, steps, tuple(readouts), label, tuple(names))
    return SteppedFigure(unshown.at(steps[0]), plain, steps, tuple(readouts), label, tuple(names))


def value_steps(top: int, fine: int = 20, count: int = 48, keep=(50,)) -> list[int]:
    """Slider steps 1..top: every value up to `fine`, then about `count` in all, evenly on a log scale
    (a student moving N from 5 to 6 sees one event more; from 300 to 320 a step is still visible),
    and the values in `keep` up to top (the N or K a model was trained at)."""
    top = max(int(top), 1)
    dense = set(range(1, min(fine, top) + 1)) | {int(v) for v in keep if v <= top}
    if top <= fine:
        return sorted(dense)
    rest = np.unique(np.round(np.geomspace(fine, top, max(count - fine, 2))).astype(int))
    return sorted(dense | {int(v) for v in rest} | {top})
