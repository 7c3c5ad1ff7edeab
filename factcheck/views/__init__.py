"""Function-based views; each page template holds its htmx swap targets as partials."""
