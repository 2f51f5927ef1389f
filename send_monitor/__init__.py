"""send-monitor: watches GOV.UK SEND announcements and flags changed commitments."""

__version__ = "0.1.0"
