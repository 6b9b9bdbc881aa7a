"""legcare.domain.knowledge."""
