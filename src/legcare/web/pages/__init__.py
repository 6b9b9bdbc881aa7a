"""legcare.web.pages."""
