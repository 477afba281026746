"""Domain building blocks every service shares."""
