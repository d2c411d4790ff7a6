"""Rendering: the Markdown extension, blocks, pages, trainer views and notebook HTML."""
