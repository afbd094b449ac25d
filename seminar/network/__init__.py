"""The Mercociudades network's member cities, kept by organisers, used by the Council report."""
