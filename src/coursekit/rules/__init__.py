"""Validation rules: every check an editor's source is put through, reported with file:line."""
