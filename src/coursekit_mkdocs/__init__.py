"""MkDocs glue for the course toolkit: a thin plugin over :mod:`coursekit`."""
