"""
Django signals the CE plugin sends, for other apps to react to (sent after the database work).

* ``claim_finalized(sender=LearnerClaim, user, course_key, total)``
* ``statement_issued(sender=Statement, user, course_key, verification_code)``
* ``statement_revoked(sender=Statement, user, course_key, verification_code, reason)``
"""
from django.dispatch import Signal

claim_finalized = Signal()
statement_issued = Signal()
statement_revoked = Signal()
