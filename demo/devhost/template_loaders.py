"""
Template loaders that behave like the LMS's and Studio's, so the suite meets the platform's template quirks.

openedx-platform (master and release/ulmo) configures its Django template engine with
``common/djangoapps/edxmako/makoloader.py`` ``MakoFilesystemLoader`` and ``MakoAppDirectoriesLoader``.
They find a template's source with Django's own loaders, then compile it with
``Engine.get_default().from_string(source)``: the template they return has no name, and they ignore
``skip``. These loaders do the same for Django templates (the Mako branch is not needed here), so code
that leans on a template's name or on which loader found it fails in the dev host and its tests as it
would in the LMS.
"""
from django.template import Engine, TemplateDoesNotExist
from django.template.loaders.app_directories import Loader as AppDirectoriesLoader
from django.template.loaders.base import Loader
from django.template.loaders.filesystem import Loader as FilesystemLoader


class NamelessLoader(Loader):
    """Find the source with ``base_loader_class``; return it compiled by the default engine, without a name."""

    base_loader_class = None

    def __init__(self, engine, *args):
        super().__init__(engine)
        self.base_loader = self.base_loader_class(engine, *args)  # pylint: disable=not-callable

    def get_template(self, template_name, skip=None):
        for origin in self.base_loader.get_template_sources(template_name):
            try:
                source = self.base_loader.get_contents(origin)
            except TemplateDoesNotExist:
                continue
            return Engine.get_default().from_string(source)
        raise TemplateDoesNotExist(template_name)

    def get_template_sources(self, template_name):
        return self.base_loader.get_template_sources(template_name)

    def reset(self):
        self.base_loader.reset()


class NamelessFilesystemLoader(NamelessLoader):
    """Like ``MakoFilesystemLoader``: the engine's ``DIRS``."""

    base_loader_class = FilesystemLoader


class NamelessAppDirectoriesLoader(NamelessLoader):
    """Like ``MakoAppDirectoriesLoader``: every installed app's ``templates`` folder."""

    base_loader_class = AppDirectoriesLoader
