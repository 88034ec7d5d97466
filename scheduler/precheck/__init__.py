"""What ``oraux verifier`` computes before any plan: counts, gaps, capacity."""
