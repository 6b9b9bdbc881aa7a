"""legcare.domain.insights."""
