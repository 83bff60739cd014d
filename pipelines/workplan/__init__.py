"""The work plan as the agency pays and checks it: statuses, evidence and justifications of
deliverables, milestones and critical risks (history in ``store/workplan.sqlite``, evidence
files in ``store/evidence/``), and the pre-flight of a period's report.

May import: words, access, intake, store and the base modules (config, errors, paths,
sqlite_util). The command line and the sample installation import it.
"""
