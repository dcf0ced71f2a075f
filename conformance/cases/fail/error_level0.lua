error("no location prefix", 0)
