"""Writes for meetings, split by sub-concept. Import the functions from their modules."""
