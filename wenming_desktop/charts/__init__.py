"""Charts of a year's figures: one description (ChartSpec) drawn on screen and in print."""
