"""Readers: each turns the text of one input into a :class:`~bibexport.model.Library`."""
