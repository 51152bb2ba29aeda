"""Settings injected into the LMS and Studio by the plugin loader (``plugin_settings(settings)``)."""
