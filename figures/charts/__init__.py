"""Plotly figures of the dashboard: pure functions of the figures' DataFrames.

Each chart has a table twin in `figures.tables` (the same numbers, Korean
headers) so that everything on the wall screen can also be read and exported.
"""
