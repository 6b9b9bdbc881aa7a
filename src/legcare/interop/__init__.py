"""legcare.interop."""
