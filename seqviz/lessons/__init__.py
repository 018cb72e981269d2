"""Data and Plotly figures for each lesson page: plain functions, data in, figure out.

One module per page (home, lastn, din, towers, sim, timebuckets, lab, data); no lesson imports
another. What several lessons share lives in common (labels, colours, axes, reading a user),
stepped (a main picture and its steps), questions, window (one user's recent history, as SIM
searches it) and latency (measured latency). Nothing here imports Streamlit, training, workers or
the sample's building, so every figure can be unit-tested on its own.
"""
