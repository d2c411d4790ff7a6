"""The course in other languages (issue 19): translated pages, banks and run sheets read as views of the English course, their status against the English source, PO files and the checks."""
