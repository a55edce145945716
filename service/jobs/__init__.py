"""Batch jobs: the job store shared by every process and the runner that renders queued jobs."""
