"""
The dev host's stand-in platform: its own course, enrollment, role, profile and certificate tables,
an XBlock runtime over them, and the ``ce_plugin.compat`` backend that answers from them.

Installed as the Django app ``devhost_platform`` (label ``ce_standalone``) by the dev host and its
tests only, and chosen with ``CE_PLATFORM_BACKEND = "devhost_platform.backend"``. It is not part of
the distribution: an LMS installs the domain and the real platform's door (``ce_plugin.compat.openedx``).
"""
