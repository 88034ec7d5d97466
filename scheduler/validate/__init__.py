"""The independent check of a plan: one function per hard rule, never ortools."""
