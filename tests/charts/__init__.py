"""Tests of figures.charts, figures.tables and figures.export."""
