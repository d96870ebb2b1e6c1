"""The annual work summary (年度工作总结): drafting, storing the clerk's edits."""
