"""Shared plumbing of the web layer: the one door for patient pages, ownership, the profile
switcher and one-time form tokens. Apps import from here; nothing here imports an app's views."""
