"""Repository functions: plain ``async def`` taking a session first, knowing nothing of HTTP."""
