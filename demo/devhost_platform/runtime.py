"""
An XBlock runtime over the dev host's tables, built on the XBlock ``Runtime`` API.

Blocks are addressed by real ``UsageKey``s (``block-v1:...``) as in the LMS; content and
settings fields live in :class:`~devhost_platform.models.BlockRecord`, user-state fields in
:class:`~devhost_platform.models.BlockUserState`. Services offered: ``i18n`` and ``user`` (an
``XBlockUser`` carrying the same ``edx-platform.*`` attributes the LMS sets).
"""
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from opaque_keys.edx.keys import UsageKey
from xblock.exceptions import NoSuchDefinition, NoSuchUsage
from xblock.field_data import FieldData
from xblock.fields import ScopeIds, UserScope
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import IdReader, MemoryIdManager, Runtime

from .models import BlockRecord, BlockUserState


class DevIdReader(IdReader):
    """Usage and definition ids are the same ``UsageKey``."""

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        return def_id.block_type

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError("The dev host has no asides.")

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError("The dev host has no asides.")

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError("The dev host has no asides.")

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError("The dev host has no asides.")


class DevFieldData(FieldData):
    """Field storage: shared scopes in ``BlockRecord.fields``, user state in ``BlockUserState``."""

    def __init__(self, user_id):
        super().__init__()
        self.user_id = user_id
        self._records = {}
        self._states = {}

    def _shared(self, block):
        key = block.scope_ids.usage_id
        if key not in self._records:
            record = BlockRecord.objects.filter(usage_key=key).first()
            if record is None:
                raise NoSuchUsage(str(key))
            self._records[key] = record
        return self._records[key]

    def _state(self, block):
        key = block.scope_ids.usage_id
        if key not in self._states:
            self._states[key] = BlockUserState.objects.filter(usage_key=key, user_id=self.user_id).first() \
                or BlockUserState(usage_key=key, user_id=self.user_id)
        return self._states[key]

    def _store(self, block, name):
        if block.fields[name].scope.user == UserScope.ONE:
            if self.user_id is None:
                return None
            return self._state(block)
        return self._shared(block)

    def get(self, block, name):
        store = self._store(block, name)
        if store is None or name not in store.fields:
            raise KeyError(name)
        return store.fields[name]

    def set(self, block, name, value):
        store = self._store(block, name)
        if store is None:
            raise KeyError(name)
        store.fields[name] = value
        store.save()

    def delete(self, block, name):
        store = self._store(block, name)
        if store is not None and name in store.fields:
            del store.fields[name]
            store.save()

    def has(self, block, name):
        store = self._store(block, name)
        return store is not None and name in store.fields


class DevI18nService:
    """The ``i18n`` service: Django's active-language translations."""

    gettext = staticmethod(translation.gettext)
    ngettext = staticmethod(translation.ngettext)
    ugettext = gettext
    ungettext = ngettext

    @staticmethod
    def strftime(dtime, format):  # pylint: disable=redefined-builtin
        return date_format(dtime, format) if format in ("DATE_FORMAT", "SHORT_DATE_FORMAT") else dtime.strftime(format)


class DevUserService(UserService):
    """The ``user`` service: the request's user, with the LMS's ``edx-platform.*`` attributes."""

    def __init__(self, django_user):
        super().__init__()
        self._user = django_user

    def get_current_user(self):
        user = self._user
        if user is None or not user.is_authenticated:
            xblock_user = XBlockUser(is_current_user=True)
            xblock_user.opt_attrs = {"edx-platform.is_authenticated": False}
            return xblock_user
        xblock_user = XBlockUser(is_current_user=True, emails=[user.email], full_name=user.get_full_name())
        xblock_user.opt_attrs = {
            "edx-platform.user_id": user.id,
            "edx-platform.username": user.username,
            "edx-platform.user_is_staff": user.is_staff,
            "edx-platform.is_authenticated": True,
        }
        return xblock_user


class DevRuntime(Runtime):
    """The dev host's XBlock runtime for one request's user."""

    def __init__(self, django_user):
        user_id = django_user.id if django_user is not None and django_user.is_authenticated else None
        super().__init__(
            id_reader=DevIdReader(),
            id_generator=MemoryIdManager(),
            services={"field-data": DevFieldData(user_id), "i18n": DevI18nService(),
                      "user": DevUserService(django_user)},
        )
        self.django_user_id = user_id

    def get_block(self, usage_id, for_parent=None):
        usage_id = usage_id if isinstance(usage_id, UsageKey) else UsageKey.from_string(str(usage_id))
        try:
            block_type = self.id_reader.get_block_type(usage_id)
        except NoSuchDefinition as exc:
            raise NoSuchUsage(repr(usage_id)) from exc
        keys = ScopeIds(self.django_user_id, block_type, usage_id, usage_id)
        return self.construct_xblock(block_type, keys, for_parent=for_parent)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        url = reverse("devhost:xblock-handler", args=[str(block.scope_ids.usage_id), handler_name])
        if suffix:
            url += suffix.lstrip("/")
        return url + (f"?{query}" if query else "")

    def resource_url(self, resource):
        return f"/static/{resource}"

    def local_resource_url(self, block, uri):
        return f"/static/{uri}"

    def publish(self, block, event_type, event_data):
        """Events are not tracked on the dev host."""
