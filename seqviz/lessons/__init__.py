"""Data and Plotly figures for each lesson page: plain functions, data in, figure out.

Nothing here imports Streamlit, so every figure can be unit-tested on its own.
"""
