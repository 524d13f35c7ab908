"""Reusable widgets: panes, the caller card, choice bars."""
