"""A lesson's main picture: one Plotly figure holding every step of its slider as a frame.

The server builds all steps once; the browser switches between the frames while the student drags
(ui/stepper.py), with no round trip. Each step also carries the story's numbers as one line of text.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io


@dataclass(frozen=True)
class SteppedFigure:
    """figure: the Plotly figure as a dict, its `frames` named str(step); `data` shows steps[0].

    Each frame replaces the traces listed in its `traces` and updates the layout it carries, so a
    frame holds only what moves. Shared by every session that asks for it: never modify it."""

    figure: dict
    steps: tuple[int, ...]
    readouts: tuple[str, ...]  # the story's numbers at each step, plain text
    label: str  # what the slider sets, e.g. "N: how many recent events the model reads"
    redraw: bool = False  # True when a step changes more than trace data (Plotly's animate redraws)
    names: tuple[str, ...] = ()  # how the slider names each step ("3 days"); the step itself if empty

    def name(self, index: int) -> str:
        return self.names[index] if self.names else str(self.steps[index])

    def nearest(self, value: int) -> int:
        """The step closest to `value` (a value from a URL or a preset need not be a step)."""
        return min(self.steps, key=lambda s: (abs(s - value), s))

    def at(self, value: int) -> dict:
        """The figure as it looks at step `value`: what the browser shows before any drag."""
        frame = self.figure["frames"][self.steps.index(self.nearest(value))]
        data = list(self.figure["data"])
        for index, trace in zip(frame["traces"], frame["data"], strict=True):
            data[index] = {**data[index], **trace}
        layout = copy.deepcopy(self.figure["layout"])
        _merge(layout, frame.get("layout", {}))
        return {"data": data, "layout": layout, "frames": self.figure["frames"]}

    def payload_bytes(self) -> int:
        """Size of the figure as it travels to the browser (frames included)."""
        return len(plotly.io.to_json(self.figure, validate=False))


def _merge(into: dict, update: dict) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def stepped_figure(fig: go.Figure, steps, frames: list[list[go.BaseTraceType]], traces: list[int],
                   readouts, label: str, layouts: list[dict] | None = None,
                   redraw: bool = False, names=()) -> SteppedFigure:
    """fig: the parts that never move, with placeholder traces at the indices `traces`;
    frames[i]: those traces at steps[i]; layouts[i]: the layout update at steps[i] (titles, ranges)."""
    steps = tuple(int(s) for s in steps)
    if not len(steps) == len(frames) == len(readouts) or (layouts is not None and len(layouts) != len(steps)):
        raise ValueError("one frame, one readout (and one layout) per step")
    fig = go.Figure(fig)
    fig.frames = [go.Frame(name=str(step), data=data, traces=traces, layout=layouts[i] if layouts else None)
                  for i, (step, data) in enumerate(zip(steps, frames, strict=True))]
    unshown = SteppedFigure(fig.to_dict(), steps, tuple(readouts), label, redraw, tuple(names))
    return SteppedFigure(unshown.at(steps[0]), steps, tuple(readouts), label, redraw, tuple(names))


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
