"""Scoring instruments for atopic dermatitis: EASI, SCORAD, POEM, DLQI and others.

Use :func:`calmskin.core.instruments.registry.get` to look one up by id, then ``instrument.score``.
"""
