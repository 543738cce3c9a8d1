"""The API surfaces: one package per vendor API, each with its own error envelope and auth."""
