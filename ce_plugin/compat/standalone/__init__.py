"""
The ``standalone`` platform: the dev host's own course, enrollment, role and certificate tables.

Installed as the Django app ``ce_plugin.compat.standalone`` (label ``ce_standalone``) by the
dev host and the tests only; the LMS never installs it. :mod:`.backend` answers the
:mod:`ce_plugin.compat` calls from these tables.
"""
