"""One module per publication format (and per container); each exposes one ``Format`` class."""
