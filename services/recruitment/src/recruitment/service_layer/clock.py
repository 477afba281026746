"""The time recruitment decides by: offers' deadlines, their lapse, the application window (the
clock itself is shared by every service)."""

from diaspora_shared.domain.clock import Clock, ManualClock, SystemClock

__all__ = ["Clock", "ManualClock", "SystemClock"]
