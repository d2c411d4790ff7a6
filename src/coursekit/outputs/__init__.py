"""Outputs: site assembly, downloads, document templates, the offline copy, PDF and site checks."""
