"""What the report says: its sections assembled from the counts and the coordinator's texts."""
