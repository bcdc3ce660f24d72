"""Team mode's panes and dialogs: the signed-in user's own account, the database-outage banner."""
