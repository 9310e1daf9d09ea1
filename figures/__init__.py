"""Pure functions from SnapshotFrames to every number of docs/spec.md ("Derived figures"), and charts.

No I/O and no Streamlit here: the dashboard and the `pledges` command call
these same functions, so a page, an export and the summary JSON agree.
"""
