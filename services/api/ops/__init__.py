"""Operations resources of the read API: failures and replay, jobs, pipeline statistics, dashboard."""
