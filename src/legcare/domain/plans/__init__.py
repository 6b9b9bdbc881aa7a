"""legcare.domain.plans."""
