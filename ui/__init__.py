"""Streamlit-side shared code: the frame (sidebar, language, URL state), cached loaders, widgets.

Only the app (app.py, router.py, app_pages/) imports this package; seqviz/ never imports Streamlit.
"""
