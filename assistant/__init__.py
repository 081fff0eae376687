"""Citizen assistant and agent assist: answer pipeline, HTTP API, web pages, Rasa, LangChain."""
