"""The authorization core: the role table as data, and require() over every actor and scope."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.auth.permissions import (
    AccessDeniedError,
    Actor,
    Permission,
    Reach,
    Scope,
    allowed,
    require,
    role_table,
    team_filter,
)
from agent_desk.text import catalog, render
from db.models import Role

ids = st.frozensets(st.integers(1, 6), max_size=3)
actors = st.builds(Actor, st.integers(1, 6), st.just("someone"), st.sampled_from(list(Role)), ids)
scopes = st.builds(Scope, ids, ids, st.booleans())


def test_every_permission_of_the_table_is_named_and_labelled_in_both_languages() -> None:
    table = role_table()
    assert set(table) == set(Role)
    for language in ("en", "id"):
        labels = catalog(language)
        for permission in Permission:
            assert f"permission.{permission.value}" in labels, (language, permission)


def test_the_issue_s_refusals_are_in_the_table() -> None:
    agent, trainer = role_table()[Role.AGENT], role_table()[Role.TRAINER]
    for refused in (Permission.IMPORT_RUN, Permission.PLAN_APPROVE, Permission.POLICY_EDIT, Permission.RECORDING_PLAY):
        assert refused not in agent
    assert agent[Permission.CUSTOMER_VIEW] is Reach.TEAM
    assert trainer[Permission.CUSTOMER_VIEW] is Reach.PRACTICE
    assert role_table()[Role.SUPERVISOR][Permission.OUTCOMES_VIEW] is Reach.TEAM


@given(actors, st.sampled_from(list(Permission)), scopes)
def test_require_follows_the_reach(actor: Actor, permission: Permission, scope: Scope) -> None:
    held = role_table()[actor.role].get(permission)
    mine = actor.user_id in scope.user_ids
    ours = bool(actor.team_ids & scope.team_ids)
    expected = {
        None: False,
        Reach.ANY: True,
        Reach.TEAM: mine or ours,
        Reach.OWN: mine,
        Reach.PRACTICE: scope.practice,
    }[held]
    assert allowed(actor, permission, scope) is expected
    if expected:
        require(actor, permission, scope)
    else:
        with pytest.raises(AccessDeniedError) as refused:
            require(actor, permission, scope)
        assert refused.value.scoped is (held is not None)
        assert refused.value.permission is permission


def test_a_refusal_renders_in_both_languages() -> None:
    agent = Actor(3, "agent.a", Role.AGENT, frozenset({1}))
    with pytest.raises(AccessDeniedError) as refused:
        require(agent, Permission.IMPORT_RUN)
    assert render(refused.value.message, "en") == "Refused: a user with the role “Agent” may not import portfolios."
    assert "tidak boleh mengimpor portofolio" in render(refused.value.message, "id")
    with pytest.raises(AccessDeniedError) as outside:
        require(agent, Permission.CUSTOMER_VIEW, Scope.of(teams=[2], users=[9]))
    assert "your own team" in render(outside.value.message, "en")
    assert refused.value.exit_code == 1


def test_team_filters_for_lists() -> None:
    assert team_filter(Actor(1, "a", Role.ADMIN), Permission.OUTCOMES_VIEW) is None
    assert team_filter(Actor(2, "s", Role.SUPERVISOR, frozenset({4, 5})), Permission.OUTCOMES_VIEW) == {4, 5}
    assert team_filter(Actor(3, "t", Role.TRAINER), Permission.OUTCOMES_VIEW) == frozenset()
    with pytest.raises(AccessDeniedError):
        team_filter(Actor(4, "g", Role.AGENT, frozenset({1})), Permission.AUDIT_VIEW)
