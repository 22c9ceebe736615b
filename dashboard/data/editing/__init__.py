"""What people change in the app: users with the audit log, and notes on the timeline."""
