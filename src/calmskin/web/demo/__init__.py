"""Demo data: clearly fictional people with realistic diaries, loaded by ``manage.py load_demo``."""
