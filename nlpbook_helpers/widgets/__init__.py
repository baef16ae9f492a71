"""Interactive ipywidgets demos, one per task (no web server needed)."""
