"""HTTP pieces both FastAPI services share: problem-details errors, health and readiness."""
