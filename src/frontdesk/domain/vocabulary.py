"""The desk's words: call reasons, outcomes, directions, statuses, channels."""

PRIORITIES = ("low", "normal", "high", "urgent")
TICKET_STATUSES = ("open", "closed")
VISIT_STATUSES = ("scheduled", "en route", "on site", "done", "cancelled")
DIRECTIONS = ("in", "out")
OUTCOMES = ("answered", "missed")
REASONS = ("new problem", "status inquiry", "scheduling", "billing", "sales", "check-in", "other")
UPDATE_REASON = "status update"  # outbound "customer informed" contacts
CHANNELS = ("phone", "sms", "email", "in person")
VISIT_CHOICES = ("wait", "reschedule", "another tech")
WAITING_ON = ("customer", "parts")
SATISFACTION = ("satisfied", "not satisfied")
FOLLOW_UP_REASON = "satisfaction"  # the after-closure call
