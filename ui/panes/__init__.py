"""The five places of the agent workspace, each its own module."""
