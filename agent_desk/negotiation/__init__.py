"""Negotiation: the plan calculator, authority limits, the promise policy and approvals (Qt-free).

* Arithmetic (pure): :class:`PlanDraft`, :func:`build_schedule`, :func:`discount`, :class:`Affordability`.
* Quoting: :func:`quote_plan` → :class:`PlanQuote` (amounts, schedule, affordability, what needs approval, what
  the policy refuses, the read-back text). The wrap-up save (``agent_desk.worklist.save_outcome`` with
  ``OutcomeDraft.plan``) re-quotes in the service layer, so a direct call cannot exceed the user's authority.
* Limits: :func:`authority_for`, :func:`promise_policy`, :func:`set_role_authority`, :func:`set_user_authority`,
  :func:`store_promise_policy` (admins).
* Approvals: :func:`pending_approvals`, :func:`decide`, :func:`plan_decisions`; beyond the approver's own
  authority, :func:`approvers_for` and :func:`escalate`.
"""

from __future__ import annotations

from agent_desk.negotiation.approvals import ApprovalRequest, PlanDecision, decide, pending_approvals, plan_decisions
from agent_desk.negotiation.escalation import ApproverChoice, approvers_for, escalate
from agent_desk.negotiation.limits import (
    Authority,
    NegotiationError,
    PromisePolicy,
    authority_for,
    promise_policy,
    role_defaults,
    set_role_authority,
    set_user_authority,
    store_promise_policy,
)
from agent_desk.negotiation.plans import (
    FREQUENCIES,
    Affordability,
    PlanDraft,
    ScheduledPayment,
    add_months,
    build_schedule,
    discount,
)
from agent_desk.negotiation.quote import PlanQuote, quote_plan

__all__ = [
    "FREQUENCIES",
    "Affordability",
    "ApprovalRequest",
    "ApproverChoice",
    "Authority",
    "NegotiationError",
    "PlanDecision",
    "PlanDraft",
    "PlanQuote",
    "PromisePolicy",
    "ScheduledPayment",
    "add_months",
    "approvers_for",
    "authority_for",
    "build_schedule",
    "decide",
    "discount",
    "escalate",
    "pending_approvals",
    "plan_decisions",
    "promise_policy",
    "quote_plan",
    "role_defaults",
    "set_role_authority",
    "set_user_authority",
    "store_promise_policy",
]
