"""
Implementation of :mod:`ce_plugin.api`, by subject. Import from ``ce_plugin.api``, not from here.

* :mod:`.common` - key parsing, lookups, locks, refusals and the audit trail shared by the others;
* :mod:`.catalog` - activities and sessions (reading, registering from blocks);
* :mod:`.claims` - a learner's claim: statement choice, attendance, disclosures, credits, evaluations;
* :mod:`.issuing` - credit summary, finalization and statements of credit;
* :mod:`.learners` - a learner across activities (activity list, retirement);
* :mod:`.records` - statements as lasting records: verification, revocation, staff issue, transcripts;
* :mod:`.transcripts` - the transcript PDF, built by a worker and kept while nothing it shows changed;
* :mod:`.past_meetings` - meetings without a course: sessions entered and statements issued by the CE office;
* :mod:`.external_credits` - credit learners earned elsewhere and recorded themselves (self-reported);
* :mod:`.activities` - activity settings saved by the course team;
* :mod:`.attendance` - attendance codes: import, generation, usage;
* :mod:`.reports` - claims roster, evaluation results, accreditation exports, report files.
"""
