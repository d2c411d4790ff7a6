"""Interface strings and content keywords per language (the message catalogue), and dates and
numbers formatted for a language."""
