"""Learner and staff pages of the CE plugin: thin views over :mod:`ce_plugin.api`."""
