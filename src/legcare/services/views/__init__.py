"""Read models: the services that combine several core use-cases (report, insights, export,
today, check). Nothing below imports them."""
