"""legcare.domain.screening."""
