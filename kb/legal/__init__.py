"""The legal compendium: articles, their store and search, and links from procedures to articles."""
