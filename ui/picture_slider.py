"""The main picture: a Plotly figure and every step of it, and the slider that drives it in the browser.

While the student drags, the slider (a native range input: mouse, touch and arrow keys) hands the
step's frame to Plotly.animate and shows the story's numbers for that step, with no round trip.
When the drag ends (or a key press), the value reaches the server, which keeps it in the session and
the URL and redraws whatever else depends on it. Streamlit's own Plotly chart sets window.Plotly.

The value lives in st.session_state[key] (not a widget's key), so presets and links can set it
without Streamlit's "default value but also set via the Session State API" conflict.
"""

from __future__ import annotations

import streamlit as st

from seqviz.lessons.stepped import SteppedFigure

from . import frame as ui_frame
from .widgets import fitted

_HTML = """<div class="stepper">
  <label><span class="name"></span> <b class="value"></b>
    <input type="range" min="0" step="1"></label>
  <div class="readout" aria-live="polite"></div>
</div>"""

_CSS = """
.stepper { font-family: inherit; color: var(--st-text-color); }
.stepper label { display: block; font-size: 0.9rem; }
.stepper .value { font-size: 1.1rem; }
.stepper input { width: 100%; margin: 0.4rem 0; accent-color: var(--st-primary-color); height: 1.6rem; }
.stepper .readout { font-size: 1.05rem; font-weight: 600; min-height: 1.5em; }
"""

# The JS runs again on every rerun with the new data: handlers are assigned, not added.
_JS = """
export default function(component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.stepper');
  const input = root.querySelector('input');
  const value = root.querySelector('.value');
  const readout = root.querySelector('.readout');
  root.querySelector('.name').textContent = data.label;
  input.max = data.steps.length - 1;
  if (!input.dataset.held) input.value = data.index;
  const show = (i) => {
    value.textContent = data.names[i];
    readout.textContent = data.readouts[i];
    input.setAttribute('aria-valuetext', data.names[i] + ': ' + data.readouts[i]);
  };
  const draw = (i) => {
    const chart = document.querySelector('.st-key-' + data.chart + ' .js-plotly-plot');
    if (chart && window.Plotly) {
      window.Plotly.animate(chart, data.frames[i], {mode: 'immediate',
        frame: {duration: 0, redraw: false}, transition: {duration: 0}});
    }
  };
  input.onpointerdown = () => { input.dataset.held = '1'; };
  input.onpointerup = input.onpointercancel = () => { delete input.dataset.held; };
  input.oninput = () => { show(+input.value); draw(+input.value); };
  input.onchange = () => setTriggerValue('step', data.steps[+input.value]);
  show(+input.value);
}
"""

_stepper = st.components.v2.component("seqviz_stepper", html=_HTML, css=_CSS, js=_JS)


def stepped_value(key: str, default: int) -> int:
    """The value the session holds for `key`: set by the slider, a preset, or (once) the URL."""
    if key not in st.session_state:
        try:
            st.session_state[key] = int(st.query_params.get(key, default))
        except ValueError:  # a hand-edited link: fall back to the lesson's default
            st.session_state[key] = default
    return int(st.session_state[key])


def _moved(key: str) -> None:
    step = st.session_state[f"{key}.stepper"]["step"]
    if step is not None:
        st.session_state[key] = int(step)


def picture_slider(key: str, picture: SteppedFigure, default: int, hold_back: bool = False) -> int:
    """Draw `picture` at the session's value for `key` with its slider under it; -> that value.
    With `hold_back`, the marks that answer the picture's question are not drawn (ui/ask.py).

    The value is snapped to the picture's nearest step and written to the URL."""
    if hold_back:
        picture = picture.masked(ui_frame.current().t("ask.hidden"))
    value = picture.nearest(stepped_value(key, default))
    st.session_state[key] = value
    st.query_params[key] = str(value)
    with st.container(key=f"picture-{key}"):
        st.plotly_chart(fitted(picture.at(value)), key=f"picture-{key}-chart", config={"displaylogo": False})
    _stepper(key=f"{key}.stepper", on_step_change=lambda: _moved(key),
             data={"chart": f"picture-{key}", "steps": list(picture.steps),
                   "index": picture.steps.index(value), "readouts": list(picture.readouts),
                   "names": [picture.name(i) for i in range(len(picture.steps))],
                   "label": picture.label, "frames": list(picture.updates)})
    return value
