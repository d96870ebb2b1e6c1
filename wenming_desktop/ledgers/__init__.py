"""Printed ledgers for the inspection binder: the 活动台账 table and 活动记录表 sheets."""
