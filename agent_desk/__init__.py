"""Agent Desk's domain and services, free of Qt: worklist, compliance, scheduling, negotiation, the
softphone engine, import/export and the headless CLI."""

__version__ = "0.1.0"
