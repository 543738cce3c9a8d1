"""Pieces every API surface shares: route tables, pydantic error translation, paging."""
