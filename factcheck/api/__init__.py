"""The JSON API under /api/ (django-ninja): tokens, ingest, claims, findings, stories.

``urls`` mounts it; ``tokens`` issues and checks the per-user keys; ``security`` turns a
request into a user (a Bearer token or the browser session) and throttles it; ``ingest``
is the one place articles sent to the API are stored.
"""
