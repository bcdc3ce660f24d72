"""All Agent Desk tables. Import models from here."""

from __future__ import annotations

from db.models.accounts import Account, Installment, Payment, PaymentInstruction
from db.models.agent_states import AgentStateEvent
from db.models.attributes import CustomerAttribute
from db.models.audit import AuditEvent
from db.models.auth import SupervisedTeam, UserPassword
from db.models.base import Base
from db.models.customers import Consent, ContactPoint, Customer, CustomerFlag
from db.models.enums import (
    AccountStatus,
    ActionKind,
    ActionStatus,
    AgentState,
    Channel,
    ConsentKind,
    ContactKind,
    ContactOwner,
    Direction,
    FlagKind,
    OutboxStatus,
    PaymentInstructionKind,
    PaymentKind,
    PlanKind,
    PlanStatus,
    Product,
    PromiseStatus,
    Role,
    SipTransport,
)
from db.models.imports import ImportRun
from db.models.interactions import Disposition, Interaction, Outcome, PaymentPlan, PlanInstallment, Promise
from db.models.negotiation import LanguageFlag, RoleAuthority
from db.models.outbox import OutboxMessage
from db.models.people import SipAccountSettings, Team, User
from db.models.practice import PracticeAssignment, PracticeRecording, PracticeScore, PracticeSession
from db.models.scoring import CustomerScore, ScoringModel
from db.models.strategy import StrategySetting, StrategyStage
from db.models.supervision import Experiment, ExperimentArm, QaScorecard, UserPermission
from db.models.worklist import ScheduledAction, WorklistEntry

__all__ = [
    "Account",
    "AccountStatus",
    "ActionKind",
    "ActionStatus",
    "AgentState",
    "AgentStateEvent",
    "AuditEvent",
    "Base",
    "Channel",
    "Consent",
    "ConsentKind",
    "ContactKind",
    "ContactOwner",
    "ContactPoint",
    "Customer",
    "CustomerAttribute",
    "CustomerFlag",
    "CustomerScore",
    "Direction",
    "Disposition",
    "Experiment",
    "ExperimentArm",
    "FlagKind",
    "ImportRun",
    "Installment",
    "Interaction",
    "LanguageFlag",
    "OutboxMessage",
    "OutboxStatus",
    "Outcome",
    "Payment",
    "PaymentInstruction",
    "PaymentInstructionKind",
    "PaymentKind",
    "PaymentPlan",
    "PlanInstallment",
    "PlanKind",
    "PlanStatus",
    "PracticeAssignment",
    "PracticeRecording",
    "PracticeScore",
    "PracticeSession",
    "Product",
    "Promise",
    "PromiseStatus",
    "QaScorecard",
    "Role",
    "RoleAuthority",
    "ScheduledAction",
    "ScoringModel",
    "SipAccountSettings",
    "SipTransport",
    "StrategySetting",
    "StrategyStage",
    "SupervisedTeam",
    "Team",
    "User",
    "UserPassword",
    "UserPermission",
    "WorklistEntry",
]
