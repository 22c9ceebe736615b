"""Sign-in, roles and the security policy that every request passes through."""
