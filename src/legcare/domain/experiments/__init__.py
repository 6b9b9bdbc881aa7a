"""legcare.domain.experiments."""
