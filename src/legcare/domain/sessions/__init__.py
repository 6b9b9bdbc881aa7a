"""legcare.domain.sessions."""
