"""Events applied to a published plan's data, and the differences between two plans."""
