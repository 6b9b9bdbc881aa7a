"""legcare.web.api."""
