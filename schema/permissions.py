"""Who may do what: reads need a viewer (or anonymous reads on), writes an editor, keys an admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from graphql import GraphQLResolveInfo, OperationType
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission

from errors import ForbiddenError, UnauthenticatedError
from graph.keys import Role
from schema.context import Context


def require(context: Context, needed: Role) -> None:
    """Return when the caller holds `needed`; else raise UNAUTHENTICATED or FORBIDDEN."""
    if context.credential_error is not None:
        raise context.credential_error
    principal = context.principal
    if principal is None:
        if needed is Role.VIEWER and context.settings.anonymous_read:
            return
        raise UnauthenticatedError(
            f"This needs a credential with the {needed} role: send "
            "`Authorization: Bearer <API key>`."
        )
    if not principal.role.allows(needed):
        raise ForbiddenError(f"The {principal.role} role may not do this; it needs {needed}.")


class _Needs(BasePermission):
    needed: ClassVar[Role]

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        require(info.context, self.needed)
        return True


class CanRead(_Needs):
    needed = Role.VIEWER


class CanEdit(_Needs):
    needed = Role.EDITOR


class CanAdmin(_Needs):
    needed = Role.ADMIN


class ReadGate(SchemaExtension):
    """Every root query field checks `CanRead`, so no read room has to remember to."""

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if (
            info.path.prev is None
            and info.operation.operation == OperationType.QUERY
            and not info.field_name.startswith("__")
        ):
            require(info.context, Role.VIEWER)
        return _next(root, info, *args, **kwargs)
