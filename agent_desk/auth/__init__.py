"""Team mode's sign-in and authorization, Qt-free.

- :mod:`agent_desk.auth.passwords`: argon2id hashes and the rules for new passwords;
- :mod:`agent_desk.auth.accounts`: sign in, change, an admin's reset (forcing a change), lockout, unlock;
- :mod:`agent_desk.auth.permissions`: the acting user (:class:`Actor`), named permissions per role as data
  (``resources/auth/roles.toml``) and :func:`require`, which every service entry point calls.
"""

from __future__ import annotations

from agent_desk.auth.permissions import (
    AccessDeniedError,
    Actor,
    Permission,
    Reach,
    Scope,
    allowed,
    require,
    team_filter,
)

__all__ = ["AccessDeniedError", "Actor", "Permission", "Reach", "Scope", "allowed", "require", "team_filter"]
