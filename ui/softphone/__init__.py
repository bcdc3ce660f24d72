"""The softphone's Qt side: the engine adapter (poll timer, signals), the headset audio bridge, the pane."""
