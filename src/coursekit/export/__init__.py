"""Exports for other platforms: question banks (Moodle XML, GIFT) and SCORM packages.

Each module has one job: ``banks`` selects the banks and turns their Markdown into safe HTML,
``moodle_xml`` and ``gift`` write the question formats, ``scorm`` packages the built site,
and ``command`` is the `course export` subcommand.
"""
