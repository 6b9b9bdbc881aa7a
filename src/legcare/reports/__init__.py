"""legcare.reports."""
