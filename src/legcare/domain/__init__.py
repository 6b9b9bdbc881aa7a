"""legcare.domain."""
