"""What Ombudsguiden holds to be true: curated data files, their schema, loading and queries."""
