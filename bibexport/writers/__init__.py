"""Writers: each turns a :class:`~bibexport.model.Library` into the text of one format."""
