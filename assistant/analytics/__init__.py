"""Demand analytics over the interaction store: summary, topics of unanswered questions, demand backlog."""

from assistant.analytics.summary import Period, summarize
from assistant.analytics.topics import cluster_topics

__all__ = ["Period", "cluster_topics", "summarize"]
