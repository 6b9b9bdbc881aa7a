"""legcare.domain.diary."""
