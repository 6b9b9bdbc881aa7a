"""legcare.services."""
