"""The course in several languages (issue 19): interface strings, translated content and its status."""
