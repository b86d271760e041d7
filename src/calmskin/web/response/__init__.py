"""'Is it working?': baseline against now for a course of a biologic (see calmskin.core.response)."""
