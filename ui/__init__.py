"""Everything Qt: widgets, panes, item models, the softphone's Qt side, the main window and the entry point."""
